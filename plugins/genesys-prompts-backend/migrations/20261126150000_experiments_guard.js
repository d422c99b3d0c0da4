// @ts-check

/**
 * A/B experiments with their history, and the guard's check of each deploy.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('experiments', table => {
    table.comment('A/B experiments on a primary prompt: variants, status, guard overrides');
    table.string('id', 36).primary();
    table.string('entity_ref', 512).notNullable();
    table.string('primary_prompt_id', 128).notNullable();
    table.string('status', 16).notNullable();
    table.text('variants').notNullable();
    table.text('guard').notNullable();
    table.string('created_by', 512).notNullable();
    table.string('created_at', 32).notNullable();
    table.string('started_at', 32).nullable();
    table.string('stopped_at', 32).nullable();
    table.string('promoted_prompt_id', 128).nullable();
    table.index(['primary_prompt_id', 'status'], 'experiments_primary_status_idx');
  });

  await knex.schema.createTable('experiment_events', table => {
    table.comment('Every step of an experiment, in order; never updated');
    table.bigIncrements('id').primary();
    table.string('experiment_id', 36).notNullable();
    table.string('action', 16).notNullable();
    table.string('actor', 512).notNullable();
    table.text('reason').nullable();
    table.text('details').nullable();
    table.string('created_at', 32).notNullable();
    table.index(['experiment_id', 'id'], 'experiment_events_experiment_idx');
  });

  await knex.schema.createTable('guard_checks', table => {
    table.comment('The guard compares each deploy with the version before it');
    table.string('id', 36).primary();
    table.string('prompt_id', 128).notNullable();
    table.string('prompt_name', 256).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.integer('version_no').notNullable();
    table.integer('previous_version_no').notNullable();
    table.string('previous_deployed_at', 32).notNullable();
    table.string('deployed_at', 32).notNullable();
    table.string('due_at', 32).notNullable();
    table.string('status', 20).notNullable();
    table.text('thresholds').notNullable();
    table.text('result').nullable();
    table.integer('rollback_version_no').nullable();
    table.string('checked_at', 32).nullable();
    table.unique(['prompt_id', 'version_no'], {
      indexName: 'guard_checks_prompt_version_uniq',
    });
    table.index(['status', 'due_at'], 'guard_checks_status_due_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('guard_checks');
  await knex.schema.dropTable('experiment_events');
  await knex.schema.dropTable('experiments');
};
