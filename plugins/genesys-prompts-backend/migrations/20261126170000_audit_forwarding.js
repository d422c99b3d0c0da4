// @ts-check

/**
 * Forwarding marks for the audit log: the log itself stays append-only, so
 * "forwarded at" is a row here per forwarded entry (the outbox is every
 * audit row without one).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_forwarding', table => {
    table.comment('One row per audit entry delivered to Genesys');
    table.bigInteger('seq').primary();
    table.string('audit_id', 36).notNullable();
    table.string('forwarded_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_forwarding');
};
