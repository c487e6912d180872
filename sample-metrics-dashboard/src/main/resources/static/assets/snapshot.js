// Snapshot status and age of one store, read from the Actuator `eventstore` endpoint's body:
// {"stores": {"<name>": {..., "snapshot": {"enabled", "running", "lastSnapshot", "ageSeconds", "pendingEvents",
// "consecutiveFailures", "failures", "lastError", ...}}}} (null fields are left out by Actuator).
// This is the only place that knows those names; anything unexpected renders as "n/a".

/**
 * @param {object|null} actuator the parsed body of GET /actuator/eventstore, or null if unavailable
 * @param {string} store the store name
 * @param {number} nowMillis the current time (epoch ms), for the age
 * @returns {{status: string, age: string, title: string}}
 */
export function snapshotView(actuator, store, nowMillis = Date.now()) {
  const na = { status: 'n/a', age: 'n/a', title: 'No snapshot information available' };
  const snap = actuator?.stores?.[store]?.snapshot;
  if (!snap || typeof snap !== 'object') {
    return na;
  }
  if (snap.enabled === false) {
    return { status: 'off', age: 'n/a', title: 'Snapshots are disabled for this store' };
  }
  const at = typeof snap.lastSnapshot === 'string' ? Date.parse(snap.lastSnapshot) : NaN;
  const written = Number.isFinite(at);
  const ageSeconds = typeof snap.ageSeconds === 'number' ? snap.ageSeconds : written ? (nowMillis - at) / 1000 : null;
  const failing = Number(snap.consecutiveFailures) > 0;
  const status = failing ? `failing (${snap.consecutiveFailures})`
    : written ? 'ok'
      : Number(snap.pendingEvents) > 0 ? 'pending'
        : snap.enabled === true ? 'nothing to write' : 'n/a';
  const title = failing && typeof snap.lastError === 'string' ? snap.lastError
    : written ? new Date(at).toISOString() : 'No snapshot written yet';
  return { status, age: ageSeconds == null ? 'n/a' : formatAge(ageSeconds), title };
}

/** "4 s ago", "3 min ago", "2 h ago". */
export function formatAge(seconds) {
  const s = Math.max(0, seconds);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}
