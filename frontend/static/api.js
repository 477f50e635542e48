// Thin client for the gridmap JSON API. Paths are relative so the app also
// works when the server is mounted under a prefix.

/** An API failure with a message fit for the user (already translated by the caller). */
export class APIError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status; // 0 for network failures
    this.code = code;
  }
}

async function get(path, params) {
  const qs = params ? '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) : '';
  let res;
  try {
    res = await fetch('api/' + path + qs, { headers: { Accept: 'application/json' } });
  } catch (err) {
    throw new APIError(0, 'network', err.message);
  }
  let body = null;
  try {
    body = await res.json();
  } catch { /* a proxy error page, say; reported below by status */ }
  if (!res.ok || body === null) {
    const e = body && body.error;
    throw new APIError(res.status, e ? e.code : 'http', e ? e.message : res.statusText);
  }
  return body;
}

export const api = {
  config: () => get('config'),
  town: () => get('town'),
  units: () => get('units'),
  cells: () => get('cells'),
  cell: (code) => get('cells/' + encodeURIComponent(code)),
  residents: (cell, offset = 0, limit = 50) => get('residents', { cell, offset, limit }),
  incidents: (cell, offset = 0, limit = 20) => get('incidents', { cell, offset, limit }),
  mediators: (params) => get('mediators', params),
};
