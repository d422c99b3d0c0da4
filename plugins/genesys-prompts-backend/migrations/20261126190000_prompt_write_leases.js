// @ts-check

/**
 * One row per prompt being changed from the portal: a write holds its
 * prompt's lease from reading the current state until the change is recorded,
 * so writes to one prompt, on any replica, follow each other and each one's
 * "before" is what the previous one recorded. The lease expires by itself if
 * its holder dies.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('prompt_write_leases', table => {
    table.comment('Which write currently holds each prompt, until when');
    table.string('prompt_id', 255).primary();
    table.string('holder', 36).notNullable();
    table.bigInteger('expires_at').notNullable().comment('Epoch milliseconds');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('prompt_write_leases');
};
