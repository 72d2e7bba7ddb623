import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the integration tier runs against (started by test/global-setup.ts). */
export const testDatabaseUrl = (): string => {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run the integration tier through jest (its global setup starts PostgreSQL)',
    );
  return url;
};

/** A fresh schema name per test file, so suites never see each other's events. */
export const uniqueSchema = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export const dropSchema = async (schema: string): Promise<void> => {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
};

/**
 * Runs `work` against a database of its own on the test server, dropped afterwards: for tests of processes
 * that use the apps' default schemas, which other suites of the same run also use.
 */
export const withTestDatabase = async <T>(prefix: string, work: (databaseUrl: string) => Promise<T>): Promise<T> => {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
};
