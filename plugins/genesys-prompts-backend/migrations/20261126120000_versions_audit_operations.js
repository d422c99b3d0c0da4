// @ts-check

/**
 * Version history, the hash-chained audit log and the intent records that
 * make upstream writes safe to retry and to reconcile after a crash.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('operations', table => {
    table.comment('One row per upstream write: pending, then applied or failed');
    table.string('id', 36).primary();
    table.string('kind', 16).notNullable();
    table.string('prompt_id', 128).nullable();
    table.string('prompt_name', 256).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('actor', 512).notNullable();
    table.integer('expected_revision').nullable();
    table.text('definition').notNullable();
    table.text('reason').nullable();
    table.integer('source_version_no').nullable();
    table.string('status', 16).notNullable();
    table.text('error').nullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.index(['status'], 'operations_status_idx');
  });

  await knex.schema.createTable('prompt_versions', table => {
    table.comment('Every known state of a prompt, gapless per prompt, never updated');
    table.bigIncrements('id').primary();
    table.string('prompt_id', 128).notNullable();
    table.integer('version_no').notNullable();
    table.string('prompt_name', 256).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.text('definition').notNullable();
    table.string('content_hash', 64).notNullable();
    table.integer('revision').notNullable();
    table.string('version_label', 128).notNullable();
    table.string('action', 16).notNullable();
    table.string('actor', 512).notNullable();
    table.text('reason').nullable();
    table.integer('source_version_no').nullable();
    table.string('operation_id', 36).nullable();
    table.string('created_at', 32).notNullable();
    table.unique(['prompt_id', 'version_no'], {
      indexName: 'prompt_versions_prompt_version_uniq',
    });
  });

  await knex.schema.createTable('audit_log', table => {
    table.comment('Append-only; each row hashes its content and the previous hash');
    table.bigInteger('seq').primary();
    table.string('id', 36).notNullable().unique();
    table.string('action', 32).notNullable();
    table.string('outcome', 16).notNullable();
    table.string('prompt_id', 128).nullable();
    table.string('entity_ref', 512).nullable();
    table.string('actor', 512).notNullable();
    table.text('details').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.index(['prompt_id', 'seq'], 'audit_log_prompt_idx');
  });

  // The chain head: appends lock this one row, so two replicas on one
  // database still append one after the other.
  await knex.schema.createTable('audit_chain_head', table => {
    table.integer('id').primary();
    table.bigInteger('seq').notNullable();
    table.string('hash', 64).notNullable();
  });
  await knex('audit_chain_head').insert({ id: 1, seq: 0, hash: '0'.repeat(64) });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_chain_head');
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('prompt_versions');
  await knex.schema.dropTable('operations');
};
