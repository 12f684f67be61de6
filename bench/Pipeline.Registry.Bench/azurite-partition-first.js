// Preloaded (node --require, through NODE_OPTIONS) into the registry benchmark's Azurite processes, and only theirs.
//
// Azurite's table store looks a row up with findOne({ RowKey, PartitionKey }). LokiJS narrows by the first key through
// its RowKey index, then walks every row holding that RowKey to compare partitions. The registry repeats its RowKeys in
// every model's partition ("model", each version label, each number-index row), so each insert, which first checks
// that its row does not exist, walks one row per model seeded before it: seeding 10,000 models makes about a billion
// comparisons, and ran at under 10 models per second. This asks the same question partition first (at most one
// model's rows to compare), for inserts only unless asked for more (below): the reads the benchmark measures run
// Azurite's own code, and an existing row is found, and refused, exactly as before.
//
// With REGISTRY_BENCH_POINT_READS=partition-first (the benchmark's --point-reads-by-partition) the point read is asked
// partition first too. That is not Azurite as shipped; it shows what the registry's reads cost on a store whose point
// read goes straight to the row, as Table Storage's does (its rows are keyed by partition, then row).
//
// With REGISTRY_BENCH_RANGE_QUERIES=partition-first (--range-queries-by-partition) a query whose filter is exactly one
// PartitionKey equality and RowKey bounds (the shape of the registry's lists) is answered from the partition's rows kept
// sorted by RowKey: a binary search to the first row in range, then at most $top + 1 rows. Azurite as shipped tests every
// row of the table against the filter and sorts all that match before it takes $top (queryTableEntities below). Not
// Azurite as shipped either: it shows what the lists cost on a store that reads a partition's range in key order and
// stops, as Table Storage does. Every other query runs Azurite's own code.
'use strict';

const crypto = require('crypto');
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

// The exact source of 3.37.0's queryTableEntities, whose answer partitionRanges reproduces: any change refuses to start.
const QUERY_SOURCE_SHA256 = 'd5292565c8b16cfdf653d6ab46f571168cf140dc4666357e9492562020e5fb47';

// The RowKey comparisons Azurite's interpreter makes for an identifier left of a string constant (JavaScript's string
// order, the order its sort uses too); lower bounds are false and then true along the sorted rows, upper ones the reverse.
const BOUNDS = { GreaterThanNode: (k, c) => k > c, GreaterThanEqualNode: (k, c) => k >= c, LessThanNode: (k, c) => k < c, LessThanEqualNode: (k, c) => k <= c };
const LOWER = new Set(['GreaterThanNode', 'GreaterThanEqualNode']);

function partitionRanges(store, dist) {
  const original = store.queryTableEntities;
  const source = crypto.createHash('sha256').update(String(original)).digest('hex');
  if (source !== QUERY_SOURCE_SHA256) {
    throw new Error(`Azurite's queryTableEntities is not the one azurite-partition-first.js reproduces (source ${source}).`);
  }

  const interpreter = path.join(dist, 'table', 'persistence', 'QueryInterpreter');
  const parse = require(path.join(interpreter, 'QueryParser.js')).default;
  const node = (name) => require(path.join(interpreter, 'QueryNodes', `${name}.js`)).default;
  const [And, Equals, Identifier, Constant] = ['AndNode', 'EqualsNode', 'IdentifierNode', 'ConstantNode'].map(node);
  const bounds = Object.keys(BOUNDS).map((name) => [node(name), name]);

  // { partition, bounds: [{ lower, test }] } for `PartitionKey eq 'p' [and RowKey op 'r']...`, else null.
  function shape(filter) {
    let tree;
    try {
      tree = parse(filter);
    } catch {
      return null;
    }

    const terms = [];
    const flatten = (n) => (n instanceof And ? (flatten(n.left), flatten(n.right)) : terms.push(n));
    flatten(tree);
    const key = (n, name) => n.left instanceof Identifier && n.left.identifier === name && n.right instanceof Constant && typeof n.right.value === 'string';
    const partition = terms.filter((t) => t instanceof Equals && key(t, 'PartitionKey'));
    const rows = terms.map((t) => [t, bounds.find(([type]) => t.constructor === type)?.[1]]).filter(([t, name]) => name && key(t, 'RowKey'));
    return partition.length === 1 && partition.length + rows.length === terms.length
      ? { partition: partition[0].right.value, bounds: rows.map(([t, name]) => ({ lower: LOWER.has(name), test: (k) => BOUNDS[name](k, t.right.value) })) }
      : null;
  }

  // Per collection, each queried partition's rows sorted by RowKey; a partition's entry is dropped when one of its rows
  // is inserted, replaced or removed (Azurite changes rows only through those, batches and their rollback included).
  const sorted = new WeakMap();
  function partitionOf(collection, partition) {
    let partitions = sorted.get(collection);
    if (!partitions) {
      partitions = new Map();
      const drop = (docs) => [].concat(docs).forEach((d) => partitions.delete(d.PartitionKey));
      collection.on(['insert', 'update', 'delete'], drop);
      sorted.set(collection, partitions);
    }

    let rows = partitions.get(partition);
    if (!rows) {
      // PartitionKey's Loki index narrows, the strict comparison decides (Loki's own compares numeric strings as numbers).
      rows = collection.find({ PartitionKey: partition }).filter((d) => d.PartitionKey === partition);
      rows.sort((a, b) => (a.RowKey > b.RowKey ? 1 : a.RowKey === b.RowKey ? 0 : -1));
      partitions.set(partition, rows);
    }

    return rows;
  }

  // queryTableEntities(context, account, table, queryOptions, nextPartitionKey, nextRowKey)
  store.queryTableEntities = async function (context, account, table, queryOptions, nextPartitionKey, nextRowKey) {
    const query = typeof queryOptions?.filter === 'string' ? shape(queryOptions.filter) : null;
    // A continuation is both keys (the original's answer to only one of them is left to it).
    if (!query || (nextPartitionKey === undefined) !== (nextRowKey === undefined)) {
      return original.apply(this, arguments);
    }

    const collection = this.getEntityCollection(account, table, context);
    const maxResults = this.getMaxResultsOption(queryOptions);
    const after = nextPartitionKey === undefined
      ? undefined
      : { partition: this.decodeContinuationHeader(nextPartitionKey), row: this.decodeContinuationHeader(nextRowKey) };
    // The original's continuation: a later partition whole, the same one from its RowKey on, an earlier one not at all.
    const lower = query.bounds.filter((b) => b.lower).map((b) => b.test);
    if (after !== undefined && query.partition === after.partition) {
      lower.push((k) => k >= after.row);
    }

    const result = [];
    if (after === undefined || query.partition >= after.partition) {
      const rows = partitionOf(collection, query.partition);
      let low = 0;
      for (let high = rows.length; low < high;) {
        const mid = (low + high) >>> 1;
        lower.every((test) => test(rows[mid].RowKey)) ? (high = mid) : (low = mid + 1);
      }

      const upper = query.bounds.filter((b) => !b.lower).map((b) => b.test);
      for (let i = low; i < rows.length && result.length < maxResults + 1 && upper.every((test) => test(rows[i].RowKey)); i++) {
        result.push(rows[i]);
      }
    }

    const response = this.adjustQueryResultforTop(result, maxResults);
    return [result, response.nextPartitionKeyResponse, response.nextRowKeyResponse];
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

  const rangeQueries = process.env.REGISTRY_BENCH_RANGE_QUERIES;
  if (rangeQueries === 'partition-first') {
    partitionRanges(store, dist);
  } else if (rangeQueries !== undefined && rangeQueries !== '') {
    throw new Error(`REGISTRY_BENCH_RANGE_QUERIES='${rangeQueries}': the only value is 'partition-first'.`);
  }
}
