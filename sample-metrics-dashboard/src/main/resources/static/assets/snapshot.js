// Snapshot status and age of one store, read from the Actuator `eventstore` endpoint's body
// ({"stores": {"<name>": {..., "snapshot": {...}}}}). The endpoint is built separately and its field names may
// change: this is the only place that knows them, and anything unexpected renders as "n/a".

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
  const at = firstInstant(snap.lastSnapshotAt, snap.lastSnapshotTime, snap.lastSnapshot, snap.lastSuccess, snap.time);
  const ageSeconds = firstNumber(snap.ageSeconds, secondsOf(snap.age), at == null ? null : (nowMillis - at) / 1000);
  let status = typeof snap.status === 'string' ? snap.status
    : typeof snap.state === 'string' ? snap.state
      : snap.enabled === false ? 'disabled'
        : Number(snap.failedCount ?? snap.failures) > 0 ? 'failing'
          : at != null ? 'ok' : null;
  return {
    status: status ?? 'n/a',
    age: ageSeconds == null ? 'n/a' : formatAge(ageSeconds),
    title: at == null ? 'No snapshot written yet' : new Date(at).toISOString(),
  };
}

/** "4 s ago", "3 min ago", "2 h ago". */
export function formatAge(seconds) {
  const s = Math.max(0, seconds);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

function firstInstant(...candidates) {
  for (const c of candidates) {
    const t = typeof c === 'number' ? c : typeof c === 'string' ? Date.parse(c) : NaN;
    if (Number.isFinite(t)) return t;
  }
  return null;
}

function firstNumber(...candidates) {
  for (const c of candidates) {
    if (typeof c === 'number' && Number.isFinite(c)) return c;
  }
  return null;
}

/** A number of seconds, or an ISO-8601 duration such as "PT12.5S" / "PT3M4S"; null otherwise. */
function secondsOf(age) {
  if (typeof age === 'number') return age;
  if (typeof age !== 'string') return null;
  const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(age);
  if (!m || age === 'PT') return null;
  return (Number(m[1] ?? 0) * 3600) + (Number(m[2] ?? 0) * 60) + Number(m[3] ?? 0);
}
