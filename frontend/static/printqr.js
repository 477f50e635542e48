// QR codes for the printed notice boards, drawn as SVG in the browser by the
// vendored qrcode-generator (MIT): no service, no network.

import qrcode from './vendor/qrcode-generator/qrcode.js';

const NS = 'http://www.w3.org/2000/svg';

/**
 * The QR code of text (printable ASCII, such as a URL: the encoder writes
 * bytes as Latin-1) as an SVG element: error correction level M (15 % of
 * a code may be dirty or torn and it still reads), the smallest version
 * that holds the text, and the 4-module quiet zone the standard asks for.
 */
export function qrSVG(text, { label = text } = {}) {
  if (!/^[\x20-\x7e]+$/.test(text)) throw new Error(`qrSVG: ${JSON.stringify(text)} is not printable ASCII`);
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  let d = '';
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.isDark(r, c)) continue;
      let run = 1;
      while (c + run < n && qr.isDark(r, c + run)) run++;
      d += `M${c + quiet} ${r + quiet}h${run}v1h-${run}z`;
      c += run - 1;
    }
  }
  const size = n + 2 * quiet;
  const svg = document.createElementNS(NS, 'svg');
  for (const [k, v] of Object.entries({ xmlns: NS, viewBox: `0 0 ${size} ${size}`, 'shape-rendering': 'crispEdges', role: 'img', 'aria-label': label, class: 'qr', 'data-modules': n })) svg.setAttribute(k, v);
  const bg = document.createElementNS(NS, 'rect');
  for (const [k, v] of Object.entries({ width: size, height: size, fill: '#ffffff' })) bg.setAttribute(k, v);
  const fg = document.createElementNS(NS, 'path');
  for (const [k, v] of Object.entries({ d, fill: '#000000' })) fg.setAttribute(k, v);
  svg.append(bg, fg);
  return svg;
}
