// 我的位置: a map button that follows the phone's GPS position, drawn as a
// dot inside a circle of its accuracy, and centres the map on it. A second
// tap stops following. A refusal or a missing fix is said next to the
// button, in view.

import { t } from './i18n.js';
import { h } from './dom.js';

const L = window.L;

const STYLE = {
  accuracy: { color: '#1a73e8', weight: 1, opacity: 0.8, fillColor: '#1a73e8', fillOpacity: 0.15, interactive: false, className: 'gm-accuracy' },
  dot: { radius: 7, color: '#ffffff', weight: 2, opacity: 1, fillColor: '#1a73e8', fillOpacity: 1, interactive: false, className: 'gm-position' },
};
const CENTRE_MAX_ZOOM = 17;

/** The 我的位置 control; options.motion says whether the map may glide. */
export const LocateControl = L.Control.extend({
  onAdd(map) {
    this.map = map;
    this.watch = null;
    this.fix = null; // the last position: {latlng, accuracy}
    this.error = ''; // the key of the message shown, '' for none
    this.button = h('button', { type: 'button', id: 'locate', class: 'gm-locate', 'aria-pressed': 'false', onclick: () => this.toggle() });
    this.button.innerHTML = '<svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true"><circle cx="10" cy="10" r="5" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="10" cy="10" r="1.8" fill="currentColor"/><path d="M10 1.5v3.5M10 15v3.5M1.5 10h3.5M15 10h3.5" stroke="currentColor" stroke-width="2"/></svg>';
    this.message = h('p', { class: 'gm-locate-msg', id: 'locate-msg', role: 'alert', hidden: true });
    const bar = h('div', { class: 'leaflet-bar gm-locate-bar' }, this.button, this.message);
    L.DomEvent.disableClickPropagation(bar);
    this.render();
    return bar;
  },

  onRemove() {
    this.stop();
  },

  /** Starts following the position, or stops when it already does. */
  toggle() {
    if (this.watch !== null) {
      this.stop();
      return;
    }
    this.error = '';
    const geo = navigator.geolocation;
    if (!geo || !window.isSecureContext) {
      this.fail('locate.unsupported');
      return;
    }
    this.centred = false;
    this.button.classList.add('is-waiting');
    this.watch = geo.watchPosition((pos) => this.found(pos), (err) => this.failed(err),
      { enableHighAccuracy: true, maximumAge: 10000, timeout: 20000 });
    this.render();
  },

  stop() {
    if (this.watch !== null && navigator.geolocation) navigator.geolocation.clearWatch(this.watch);
    this.watch = null;
    this.fix = null;
    for (const layer of [this.circle, this.dot]) if (layer) layer.remove();
    this.circle = this.dot = null;
    if (this.button) this.button.classList.remove('is-waiting');
    this.render();
  },

  found(pos) {
    const latlng = L.latLng(pos.coords.latitude, pos.coords.longitude);
    const accuracy = Math.max(pos.coords.accuracy || 0, 1);
    this.fix = { latlng, accuracy };
    this.error = '';
    this.button.classList.remove('is-waiting');
    if (!this.circle) {
      this.circle = L.circle(latlng, { ...STYLE.accuracy, radius: accuracy }).addTo(this.map);
      this.dot = L.circleMarker(latlng, STYLE.dot).addTo(this.map);
    } else {
      this.circle.setLatLng(latlng).setRadius(accuracy);
      this.dot.setLatLng(latlng);
    }
    // Centred once per tap; later fixes move the dot, not the map the user may be panning.
    if (!this.centred) {
      this.centred = true;
      this.map.fitBounds(this.circle.getBounds(), { maxZoom: CENTRE_MAX_ZOOM, animate: this.options.motion });
    }
    this.render();
  },

  failed(err) {
    // A fix that stops coming after one arrived keeps the last one shown.
    if (err.code !== err.PERMISSION_DENIED && this.fix) return;
    this.stop();
    this.fail(err.code === err.PERMISSION_DENIED ? 'locate.denied' : 'locate.unavailable');
  },

  fail(key) {
    this.error = key;
    this.render();
  },

  /** Sets the texts in the current language. */
  render() {
    if (!this.button) return;
    const on = this.watch !== null;
    const label = t(on ? 'locate.stop' : 'locate.button');
    this.button.title = label;
    this.button.setAttribute('aria-label', label);
    this.button.setAttribute('aria-pressed', String(on));
    this.button.classList.toggle('is-on', on);
    this.message.hidden = !this.error;
    this.message.textContent = this.error ? t(this.error) : '';
    if (this.fix) this.button.dataset.accuracy = String(Math.round(this.fix.accuracy));
    else delete this.button.dataset.accuracy;
  },
});
