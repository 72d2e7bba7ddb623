import type { AuthContext, Scope } from '@crm/platform/auth/auth-context';
import { CurrentAuth } from '@crm/platform/auth/auth.decorators';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

export interface WhoAmI {
  tenantId: string;
  keyId: string;
  scopes: readonly Scope[];
}

/** What the presented API key grants: the quickest check that a key works (printed in dev mode). */
@ApiTags('auth')
@Controller('v1/whoami')
export class WhoAmIController {
  @Get()
  @ApiOperation({ summary: 'The tenant, key id and scopes of the presented API key' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        tenantId: { type: 'string', example: 'demo' },
        keyId: { type: 'string', example: '3f2a9c81b0d4' },
        scopes: { type: 'array', items: { type: 'string', enum: ['events:write', 'read', 'ops'] } },
      },
    },
  })
  whoami(@CurrentAuth() auth: AuthContext): WhoAmI {
    return { tenantId: auth.tenantId, keyId: auth.keyId, scopes: auth.scopes };
  }
}
