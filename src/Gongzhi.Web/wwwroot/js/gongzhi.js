// Gongzhi browser helpers: Leaflet maps driven from Blazor components (no tiles: nothing loads from the network).
window.gongzhi = {
  maps: {},
  showGrids(id, geojson, dotnet, labels) {
    const el = document.getElementById(id);
    if (!el) return;
    let m = this.maps[id];
    if (!m || m.el !== el) {
      // No zoom animation: the view is where it ends up at once (cheap phones; and a tap lands where it is aimed).
      m = { el, map: L.map(el, { attributionControl: false, zoomSnap: 0.25, zoomAnimation: false, fadeAnimation: false }), layer: null, byCode: {} };
      this.maps[id] = m;
    }
    if (m.layer) m.layer.remove();
    m.byCode = {};
    const data = JSON.parse(geojson);
    m.layer = L.geoJSON(data, {
      style: () => ({ color: '#b71c1c', weight: 1.5, fillColor: '#ef9a9a', fillOpacity: 0.25 }),
      onEachFeature: (f, layer) => {
        m.byCode[f.properties.code] = layer;
        layer.bindTooltip(labels ? f.properties.name.replace(/^.*社区/, '') : f.properties.name, labels ? { permanent: true, direction: 'center', className: 'gz-grid-label' } : { sticky: true });
        if (dotnet) layer.on('click', () => dotnet.invokeMethodAsync('OnGridClicked', f.properties.code));
        // A layer added before the map has a view gets its SVG path later (when fitBounds sets one): mark it then.
        const mark = () => { if (layer._path) layer._path.setAttribute('data-code', f.properties.code); };
        layer.on('add', mark);
        mark();
      }
    }).addTo(m.map);
    m.layer.eachLayer(l => { if (l._path) l._path.setAttribute('data-code', l.feature.properties.code); });
    if (data.features.length) m.map.fitBounds(m.layer.getBounds(), { padding: [12, 12], animate: false });
    el.setAttribute('data-grids', String(data.features.length));
    setTimeout(() => m.map.invalidateSize(), 50);
  },
  highlight(id, code) {
    const m = this.maps[id];
    if (!m) return;
    Object.entries(m.byCode).forEach(([c, l]) => l.setStyle(c === code
      ? { color: '#0d47a1', weight: 3, fillColor: '#64b5f6', fillOpacity: 0.45 }
      : { color: '#b71c1c', weight: 1.5, fillColor: '#ef9a9a', fillOpacity: 0.25 }));
  }
};

// Picking a point: the caller's grids as a backdrop, a tap (or the browser's location) sets a marker.
window.gongzhi.pickPoint = function (id, geojson, dotnet) {
  const el = document.getElementById(id);
  if (!el) return;
  const map = L.map(el, { attributionControl: false });
  const data = JSON.parse(geojson);
  const layer = L.geoJSON(data, { style: () => ({ color: '#b71c1c', weight: 1, fillOpacity: 0.08 }) }).addTo(map);
  if (data.features.length) map.fitBounds(layer.getBounds(), { padding: [8, 8] }); else map.setView([32.01, 118.72], 13);
  let marker = null;
  const set = (lat, lng) => {
    if (marker) marker.setLatLng([lat, lng]); else marker = L.circleMarker([lat, lng], { radius: 8, color: '#0d47a1', fillOpacity: 0.8 }).addTo(map);
    dotnet.invokeMethodAsync('OnPointPicked', lat, lng);
  };
  map.on('click', e => set(e.latlng.lat, e.latlng.lng));
  layer.on('click', e => set(e.latlng.lat, e.latlng.lng));
  window.gongzhi.maps[id] = { el, map, set };
  el.setAttribute('data-ready', 'true');
  setTimeout(() => map.invalidateSize(), 50);
};
window.gongzhi.useLocation = function (id) {
  const m = window.gongzhi.maps[id];
  if (!m || !navigator.geolocation) return false;
  navigator.geolocation.getCurrentPosition(p => { m.set(p.coords.latitude, p.coords.longitude); m.map.setView([p.coords.latitude, p.coords.longitude], 16); });
  return true;
};

// A grouped bar chart of rates (0..1) with ECharts; series: [{name, values}].
window.gongzhi.bars = function (id, labels, series) {
  const el = document.getElementById(id);
  if (!el || !window.echarts) return false;
  const chart = window.echarts.getInstanceByDom(el) || window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: 'axis', valueFormatter: v => v == null ? '—' : (v * 100).toFixed(1) + '%' },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 64 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 8 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => (v * 100) + '%' } },
    series: series.map(s => ({ name: s.name, type: 'bar', data: s.values }))
  }, true);
  el.setAttribute('data-bars', String(labels.length));
  return true;
};

// Colours the grids of a map drawn by showGrids by their open and overdue cases.
window.gongzhi.colourGrids = function (id, loads) {
  const m = window.gongzhi.maps[id];
  if (!m) return;
  const byCode = {};
  loads.forEach(l => byCode[l.gridCode] = l);
  Object.entries(m.byCode).forEach(([code, layer]) => {
    const l = byCode[code];
    const colour = !l ? '#bdbdbd' : l.overdue > 0 ? '#c62828' : '#f9a825';
    layer.setStyle({ color: '#616161', weight: 0.6, fillColor: colour, fillOpacity: l ? 0.65 : 0.15 });
    layer.setTooltipContent(layer.feature.properties.name + (l ? ` · ${l.open} / ${l.overdue}` : ''));
  });
};

// Points (places, a building) over a map drawn by showGrids: coloured by status (a building in blue); a click on a
// place tells the component (OnPointClicked with the feature's id) when a dotnet reference is given; the map pans to
// focus ([lat, lng]) when it is out of view.
window.gongzhi.showPoints = function (id, geojson, dotnet, focus) {
  const m = window.gongzhi.maps[id];
  if (!m) return;
  if (m.points) m.points.remove();
  const data = JSON.parse(geojson);
  const colour = p => p.kind === 'Building' ? '#0d47a1' : p.status === 'Damaged' ? '#f9a825' : p.status === 'Lost' ? '#c62828' : '#2e7d32';
  m.points = L.geoJSON(data, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: f.properties.kind === 'Building' ? 9 : 6, color: '#ffffff', weight: 1.5, fillColor: colour(f.properties), fillOpacity: 0.9 }),
    onEachFeature: (f, layer) => {
      layer.bindTooltip(f.properties.name + (f.properties.code ? ' · ' + f.properties.code : ''));
      if (dotnet && f.id) layer.on('click', e => { L.DomEvent.stopPropagation(e); dotnet.invokeMethodAsync('OnPointClicked', String(f.id)); });
    }
  }).addTo(m.map);
  m.points.eachLayer(l => { if (l._path) { l._path.setAttribute('data-point', l.feature.properties.kind); if (l.feature.id) l._path.setAttribute('data-id', String(l.feature.id)); } });
  if (focus && !m.map.getBounds().contains(focus)) m.map.panTo(focus, { animate: false });
  m.el.setAttribute('data-points', String(data.features.length));
};
