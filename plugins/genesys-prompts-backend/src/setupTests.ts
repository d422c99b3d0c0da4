// Store tests use a real PostgreSQL server (no Docker here): the local one
// unless BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING says otherwise.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

// Suites drive whole backends over HTTP; on 2 busy cores 5 s is too tight.
jest.setTimeout(30_000);
