import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { validationErrorsToFieldErrors } from './validation-errors';

class Item {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(0)
  price!: number;
}

class Order {
  @IsString()
  orderId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

const validate = (plain: object) =>
  validationErrorsToFieldErrors(
    validateSync(plainToInstance(Order, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );

describe('validationErrorsToFieldErrors', () => {
  it('given a flat error, then the pointer is the property', () =>
    expect(
      validationErrorsToFieldErrors([{ property: 'email', constraints: { isEmail: 'email must be an email' } }]),
    ).toEqual([{ pointer: '/email', detail: 'email must be an email' }]));

  it('given real class-validator errors in an array of objects, then pointers go through the index', () =>
    expect(
      validate({
        orderId: 'o-1',
        items: [
          { sku: 'a', price: 1 },
          { sku: 'b', price: -1 },
        ],
      }),
    ).toEqual([{ pointer: '/items/1/price', detail: 'price must not be less than 0' }]));

  it('given one property breaking two constraints, then one entry per constraint', () =>
    expect(validate({ orderId: 'o-1', items: [{ sku: 'a', price: 'x' }] })).toEqual([
      { pointer: '/items/0/price', detail: expect.stringContaining('price') },
      { pointer: '/items/0/price', detail: expect.stringContaining('price') },
    ]));

  it('given unknown properties at any depth, then each is pointed at and called not allowed', () =>
    expect(validate({ orderId: 'o-1', admin: true, items: [{ sku: 'a', price: 1, colour: 'red' }] })).toEqual(
      expect.arrayContaining([
        { pointer: '/admin', detail: 'is not an allowed property' },
        { pointer: '/items/0/colour', detail: 'is not an allowed property' },
      ]),
    ));

  it('given property names with "/" or "~", then they are escaped per RFC 6901', () =>
    expect(
      validationErrorsToFieldErrors([{ property: 'a/b', children: [{ property: 'm~n', constraints: { x: 'bad' } }] }]),
    ).toEqual([{ pointer: '/a~1b/m~0n', detail: 'bad' }]));

  it('given an error without a property (a non-object body), then it points at the body itself', () =>
    expect(validationErrorsToFieldErrors([{ constraints: { unknownValue: 'an unknown value was passed' } }])).toEqual([
      { pointer: '', detail: 'an unknown value was passed' },
    ]));

  it('given a base pointer, then pointers are relative to it', () =>
    expect(
      validationErrorsToFieldErrors([{ property: 'amount', constraints: { min: 'too small' } }], '/3/properties'),
    ).toEqual([{ pointer: '/3/properties/amount', detail: 'too small' }]));
});
