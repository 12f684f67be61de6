// Where Azurite's answer to the models list's query goes, in one node process without HTTP: an in-memory table store of
// Azurite's own (LokiTableMetadataStore) holding a models index of N rows shaped as the registry writes them, the page
// query (PartitionKey eq 'models', $top 11 and 101; the next page's RowKey gt) timed with Azurite's own
// queryTableEntities, the steps of its chain timed alone, and then the same queries with azurite-partition-first.js's
// range queries, whose answers must be the same (and, for comparison, LokiJS's own indexed find).
//
//   node bench/Pipeline.Registry.Bench/azurite-query-timing.js [rows, default 10000]
'use strict';

const assert = require('assert');
const path = require('path');

const src = path.join(__dirname, '..', '..', 'node_modules', 'azurite', 'dist', 'src');
const Store = require(path.join(src, 'table', 'persistence', 'LokiTableMetadataStore.js')).default;
const Generator = require(path.join(src, 'table', 'persistence', 'LokiTableStoreQueryGenerator.js')).default;
const account = 'devstoreaccount1';
const context = { contextID: 'timing' };
const rows = Number(process.argv[2] ?? 10000);

function time(label, run, repeat = 200) {
  run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) run();
  console.log(`${label.padEnd(62)} ${(Number(process.hrtime.bigint() - start) / 1e6 / repeat).toFixed(3)} ms`);
}

async function main() {
  const store = new Store(path.join(__dirname, 'unused.json'), true);
  await store.init();
  await store.createTable(context, { account, table: 'ModelIndex' });
  const at = new Date().toISOString();
  for (let i = 0; i < rows; i++) {
    const name = `bench-${String(i).padStart(5, '0')}`;
    const properties = { PartitionKey: 'models', RowKey: name, CreatedAt: at, 'CreatedAt@odata.type': 'Edm.DateTime', ProductionVersion: 'v10',
      ProductionVaultPath: `${name}/${'0'.repeat(64)}`, ProductionSha256: '0'.repeat(64), ProductionSince: at, 'ProductionSince@odata.type': 'Edm.DateTime', ProductionNumber: 10 };
    await store.insertTableEntity(context, 'ModelIndex', account, { PartitionKey: 'models', RowKey: name, lastModifiedTime: at, eTag: `W/"${i}"`, properties });
  }

  const collection = store.getEntityCollection(account, 'ModelIndex', context);
  const queries = [
    ["PartitionKey eq 'models'", 11],
    ["PartitionKey eq 'models'", 101],
    [`PartitionKey eq 'models' and RowKey gt 'bench-${String(Math.floor(rows / 2)).padStart(5, '0')}'`, 11],
  ];
  const answers = [];
  console.log(`${rows} rows in the models index; Azurite's own queryTableEntities:`);
  for (const [filter, top] of queries) {
    time(`  ${filter}, $top ${top}`, () => store.queryTableEntities(context, account, 'ModelIndex', { filter, top }));
    answers.push(JSON.stringify(await store.queryTableEntities(context, account, 'ModelIndex', { filter, top })));
  }

  // Its chain, step by step, for the first page of 11 (the continuation predicate stands in as one that keeps every row).
  const where = Generator.generateQueryForPersistenceLayer({ filter: queries[0][0] }, context);
  const byKeys = (a, b) => (a.PartitionKey > b.PartitionKey ? 1 : a.PartitionKey < b.PartitionKey ? -1 : a.RowKey > b.RowKey ? 1 : a.RowKey === b.RowKey ? 0 : -1);
  time('  its steps: the filter on every row', () => collection.chain().where(where).data());
  time('             + the continuation predicate on every match', () => collection.chain().where(where).where(() => true).data());
  time('             + sorting every match', () => collection.chain().where(where).where(() => true).sort(byKeys).data());
  time('             + $top', () => collection.chain().where(where).where(() => true).sort(byKeys).limit(12).data());
  // What LokiJS's own indexes give instead (not the same order: they compare numeric strings as numbers).
  const half = `bench-${String(Math.floor(rows / 2)).padStart(5, '0')}`;
  time("  LokiJS's indexed find: PartitionKey, RowKey $gt, simplesort, limit", () =>
    collection.chain().find({ PartitionKey: 'models' }).find({ RowKey: { $gt: half } }).simplesort('RowKey').limit(12).data());

  process.argv[1] = path.join(src, 'azurite.js');
  process.env.REGISTRY_BENCH_RANGE_QUERIES = 'partition-first';
  require('./azurite-partition-first.js');
  console.log("With azurite-partition-first.js's range queries (the same answers):");
  for (const [i, [filter, top]] of queries.entries()) {
    time(`  ${filter}, $top ${top}`, () => store.queryTableEntities(context, account, 'ModelIndex', { filter, top }));
    assert.strictEqual(JSON.stringify(await store.queryTableEntities(context, account, 'ModelIndex', { filter, top })), answers[i]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
