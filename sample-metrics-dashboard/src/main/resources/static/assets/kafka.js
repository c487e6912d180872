// The "Kafka cluster" panel (kafka profile only: /api/dashboard then has a "kafka" section): per Kafka-fed store,
// the partitions this instance owns and their lag, and the totals over the whole cluster with the partitions that
// are missing from them (no owner now, or the owner did not answer) marked, so a partial total never looks exact.

/** "p0 (lag 0), p3 (lag 12)"; "none" for an instance that owns nothing (a gateway only publishes). */
export function ownedText(feed) {
  if (!feed.consuming) return 'none: this instance only publishes';
  if (feed.owned.length === 0) return 'none yet';
  return feed.owned.map(p => `p${p.partition} (lag ${p.lag ?? '?'})`).join(', ');
}

/** "none", or the missing partitions, e.g. "p3, p4: not in the totals". */
export function missingText(cluster) {
  return cluster.missingPartitions.length === 0 ? 'none'
    : `${cluster.missingPartitions.map(p => `p${p}`).join(', ')}: not in the totals`;
}

export function renderKafka(section, dashboard) {
  const kafka = dashboard.kafka;
  section.hidden = !kafka;
  if (!kafka) return;
  section.querySelector('#kafka-note').textContent = kafka.instance
    ? `This instance: ${kafka.instance}. Totals cover every instance's partitions over each store's window.`
    : `Totals cover every instance's partitions over each store's window.`;
  const rows = kafka.stores.map(feed => {
    const row = document.createElement('tr');
    row.dataset.store = feed.store;
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = `${feed.store} (topic ${feed.topic})`;
    row.appendChild(name);
    const add = (text, className) => {
      const td = document.createElement('td');
      td.textContent = text;
      td.className = className;
      row.appendChild(td);
      return td;
    };
    add(ownedText(feed), 'owned');
    add(feed.cluster.count.toLocaleString(), 'num count');
    add(feed.cluster.sum.toLocaleString(), 'num sum');
    const missing = add(missingText(feed.cluster), 'missing');
    missing.dataset.complete = String(feed.cluster.complete);
    return row;
  });
  section.querySelector('tbody').replaceChildren(...rows);
}
