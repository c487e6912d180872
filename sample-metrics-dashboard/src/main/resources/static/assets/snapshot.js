// Snapshot status and age of one store, read from its `snapshot` in GET /api/dashboard:
// {"enabled", "running", "lastSnapshot", "ageSeconds", "pendingEvents", "consecutiveFailures"}. The error text of a
// failing snapshot is not there (it may name paths): the Actuator `eventstore` endpoint has it, for the role ADMIN.
// This is the only place that knows those names; anything unexpected renders as "n/a".

/**
 * @param {object|null} snap the store's `snapshot` in the body of GET /api/dashboard, or null if unavailable
 * @param {number} nowMillis the current time (epoch ms), for the age
 * @returns {{status: string, age: string, title: string}}
 */
export function snapshotView(snap, nowMillis = Date.now()) {
  const na = { status: 'n/a', age: 'n/a', title: 'No snapshot information available' };
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
  const title = failing ? 'Snapshots fail: the error is in the Actuator eventstore endpoint (role ADMIN) and the log'
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
