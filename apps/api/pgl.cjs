const { PGlite } = require('@electric-sql/pglite');
const fs = require('fs');
(async () => {
  let t = performance.now();
  const a = new PGlite(); await a.waitReady; console.log('first', performance.now() - t);
  t = performance.now();
  const b = new PGlite(); await b.waitReady; console.log('second', performance.now() - t);
  t = performance.now();
  await b.exec(fs.readFileSync('../../prisma/migrations/20261122000000_init/migration.sql','utf8')); console.log('migrate', performance.now() - t);
  t = performance.now();
  const dump = await b.dumpDataDir('none'); console.log('dump', performance.now() - t, dump.size);
  t = performance.now();
  const c = new PGlite({ loadDataDir: dump }); await c.waitReady; console.log('load', performance.now() - t);
  console.log((await c.query('select count(*) from "User"')).rows);
})();
