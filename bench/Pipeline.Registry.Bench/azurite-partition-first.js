// Preloaded (node --require, through NODE_OPTIONS) into the registry benchmark's Azurite processes, and only theirs.
//
// Azurite's table store looks a row up with findOne({ RowKey, PartitionKey }). LokiJS narrows by the first key through
// its RowKey index, then walks every row holding that RowKey to compare partitions. The registry repeats its RowKeys in
// every model's partition ("model", each version label, each number-index row), so each insert, which first checks
// that its row does not exist, walks one row per model seeded before it: seeding 10,000 models makes about a billion
// comparisons, and ran at under 10 models per second. This asks the same question partition first (at most one
// model's rows to compare), for inserts only: the reads the benchmark measures run Azurite's own code, and an existing
// row is found, and refused, exactly as before.
//
// With REGISTRY_BENCH_POINT_READS=partition-first (the benchmark's --point-reads-by-partition) the point read is asked
// partition first too. That is not Azurite as shipped; it shows what the registry's reads cost on a store whose point
// read goes straight to the row, as Table Storage's does (its rows are keyed by partition, then row).
'use strict';

const fs = require('fs');
const path = require('path');

// Written against this version's LokiTableMetadataStore; any other refuses to start, loudly.
const EXPECTED_VERSION = '3.37.0';
const LOOKUP = /findOne\(\{\s*RowKey: (entity\.RowKey|rowKey),\s*PartitionKey: (entity\.PartitionKey|partitionKey)\s*\}\)/;

// The original runs synchronously up to and including its lookup (it awaits nothing before it), so the collection's
// findOne is swapped for exactly that call and put back before the method returns its promise.
function partitionFirst(store, name, collectionOf) {
  const original = store[name];
  if (!LOOKUP.test(String(original))) {
    throw new Error(`Azurite's ${name} no longer looks a row up as azurite-partition-first.js expects.`);
  }

  store[name] = function (...args) {
    let collection;
    try {
      collection = collectionOf(this, args);
    } catch {
      return original.apply(this, args);
    }

    const findOne = collection.findOne;
    collection.findOne = (query) => findOne.call(collection, { PartitionKey: query.PartitionKey, RowKey: query.RowKey });
    try {
      return original.apply(this, args);
    } finally {
      delete collection.findOne;
    }
  };
}

// Azurite itself, not the small launcher (node -e) that starts it with the same arguments.
const entry = process.argv[1] ?? '';
if (path.basename(entry) === 'azurite.js' && !process.execArgv.includes('-e')) {
  const dist = path.dirname(entry);
  const version = JSON.parse(fs.readFileSync(path.join(dist, '..', '..', 'package.json'), 'utf8')).version;
  if (version !== EXPECTED_VERSION) {
    throw new Error(`azurite-partition-first.js was written for Azurite ${EXPECTED_VERSION}, not ${version}: check its lookups again.`);
  }

  const store = require(path.join(dist, 'table', 'persistence', 'LokiTableMetadataStore.js')).default.prototype;

  // insertTableEntity(context, table, account, entity, batchId)
  partitionFirst(store, 'insertTableEntity', (self, [context, table, account]) => self.getEntityCollection(account, table, context));

  const pointReads = process.env.REGISTRY_BENCH_POINT_READS;
  if (pointReads === 'partition-first') {
    // queryTableEntitiesWithPartitionAndRowKey(context, table, account, partitionKey, rowKey, batchId)
    partitionFirst(store, 'queryTableEntitiesWithPartitionAndRowKey', (self, [context, table, account]) => self.getEntityCollection(account, table, context));
  } else if (pointReads !== undefined && pointReads !== '') {
    throw new Error(`REGISTRY_BENCH_POINT_READS='${pointReads}': the only value is 'partition-first'.`);
  }
}
