// gridmap's service worker: the app opens and draws the town's map with no
// network. The server writes the app's version and its shell (index.html's
// files and the modules they import, each at that version) into the two
// constants below when it starts.
//
// - The shell is cached when the worker installs; a file of the app at the
//   current version is answered from the cache, fetched and kept on a miss
//   (a page's modules loaded later, by the roles that open it).
// - The app page itself comes from the cache at once and is refreshed in
//   the background, so a new version shows at the next visit.
// - The public map data (configuration, town, units, cells and their
//   labels, or the tiles of the cells seen) is answered from the kept copy at once when there is one (the
//   map of a repeat visit on a weak link), the network's answer kept for
//   the next visit; a request for a fresh copy (cache: 'no-cache', as the
//   app asks after a write) or one with no kept copy goes to the network,
//   the kept copy used offline or after a few seconds without an answer.
// - The tiles are kept apart, the MAX_TILES last fetched: a phone panning
//   over a city keeps the places it worked in, not every tile it ever saw.
// - Nothing personal is cached here: other API answers pass through.
// - Caches of other versions are deleted once this one is active.

const VERSION = 'dev';
const SHELL = [];

const APP = 'gridmap-app-' + VERSION;
const DATA = 'gridmap-data';
const TILES = 'gridmap-tiles';
// The cells' vector tiles too (a town past tile_cells draws from them): a
// tile seen online is there offline while it is among the MAX_TILES last
// fetched (about 40 MB of zoom-13 tiles at the city's density).
const PUBLIC = /\/(api\/(config|town|units|cells|cells\.topojson)|tiles\/cells\/\d+\/\d+\/\d+\.mvt)$/;
const TILE = /\/tiles\/cells\/\d+\/\d+\/\d+\.mvt$/;
const MAX_TILES = 1000;
const NETWORK_WAIT = 4000; // ms before a kept answer is used on a weak link

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(APP).then((cache) => cache.addAll(['./', ...SHELL])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('gridmap-app-') && name !== APP) await caches.delete(name);
    }
    // Tiles an earlier worker kept among the other map data move to their own bounded cache.
    const data = await caches.open(DATA);
    for (const req of await data.keys()) if (TILE.test(new URL(req.url).pathname)) await data.delete(req);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(page(event));
  } else if (url.searchParams.get('v') === VERSION) {
    event.respondWith(appFile(req));
  } else if (PUBLIC.test(url.pathname) && !url.search) {
    event.respondWith(publicData(event));
  }
});

// page answers the app page from the cache, refreshing it meanwhile.
async function page(event) {
  const cache = await caches.open(APP);
  const fresh = fetch('./', { cache: 'no-cache' }).then((res) => {
    if (res.ok) cache.put('./', res.clone());
    return res;
  });
  event.waitUntil(fresh.catch(() => {}));
  return (await cache.match('./')) || fresh;
}

// appFile answers a versioned file from the cache, or fetches and keeps it.
async function appFile(req) {
  const cache = await caches.open(APP);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) cache.put(req, res.clone());
  return res;
}

// publicData asks the network, keeps its answer, and falls back to the
// kept one offline or after NETWORK_WAIT.
async function publicData(event) {
  const tile = TILE.test(new URL(event.request.url).pathname);
  const cache = await caches.open(tile ? TILES : DATA);
  const network = fetch(event.request).then((res) => {
    if (!res.ok) return res;
    return cache.put(event.request, res.clone()).then(() => {
      // The trim runs after the answer, not before it: the map waits for no cache bookkeeping.
      if (tile) event.waitUntil(trimTiles(MAX_TILES));
      return res;
    });
  });
  event.waitUntil(network.catch(() => {}));
  const kept = cache.match(event.request);
  const cached = await kept;
  if (cached && !['no-cache', 'reload', 'no-store'].includes(event.request.cache)) return cached;
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT));
  try {
    const res = await Promise.race([network, timeout.then(() => kept).then((k) => k || network)]);
    if (res) return res;
  } catch {
    // offline: the kept copy below
  }
  return (await kept) || network;
}

let trims = Promise.resolve(); // the trims, one after another
let waiting = null; // the trim queued behind the one under way: {max, done}

// trimTiles deletes all but the max last fetched tiles (a cache lists its
// entries in the order they were put, a tile fetched again moving to the
// end). The tiles fetched while a trim runs share the one queued behind
// it; it never fails a fetch.
function trimTiles(max) {
  if (waiting && waiting.max === max) return waiting.done;
  const trim = { max };
  trim.done = trims = trims.then(async () => {
    if (waiting === trim) waiting = null;
    try {
      const cache = await caches.open(TILES);
      const keys = await cache.keys();
      for (const req of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(req);
    } catch {
      // the next tile's trim tries again
    }
  });
  waiting = trim;
  return trim.done;
}
