/**
 * Distances on the Earth for «clinics near me» (seed 002 item 11: a map of the programme's clinics
 * near the user's location). Pure: no I/O.
 *
 * Haversine on a sphere of the mean Earth radius (6371.0088 km, IUGG). Against the WGS-84 ellipsoid
 * the error is below 0.5 %, i.e. a few metres across a city: plenty to rank clinics.
 */
export const EARTH_RADIUS_KM = 6371.0088;

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** True for a real coordinate: latitude in [-90, 90], longitude in [-180, 180], both finite. */
export function isGeoPoint(point: GeoPoint): boolean {
  return (
    Number.isFinite(point.latitude) &&
    Number.isFinite(point.longitude) &&
    Math.abs(point.latitude) <= 90 &&
    Math.abs(point.longitude) <= 180
  );
}

/** Great-circle distance in kilometres (haversine). Symmetric, zero for the same point. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  // clamp: rounding can push h a hair above 1 for antipodal points; near them the result is good to
  // about 0.1 m (h ≈ 1 loses half the digits), which the triangle-inequality test allows for
  const c = Math.min(1, Math.max(0, h));
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(c), Math.sqrt(1 - c));
}

/**
 * The `limit` nearest of `items` to `from`, nearest first, each with its distance; items without
 * coordinates are left out. Ties keep the input order (stable sort).
 */
export function nearest<T>(
  from: GeoPoint,
  items: readonly T[],
  pointOf: (item: T) => GeoPoint | null,
  limit: number,
): Array<{ item: T; distanceKm: number }> {
  const measured: Array<{ item: T; distanceKm: number }> = [];
  for (const item of items) {
    const point = pointOf(item);
    if (point && isGeoPoint(point)) measured.push({ item, distanceKm: distanceKm(from, point) });
  }
  return measured.sort((a, b) => a.distanceKm - b.distanceKm).slice(0, Math.max(0, limit));
}

/** «1,2» — one decimal, the decimal comma of ru and kk, grouped thousands («1 234,5»). */
export function formatKm(km: number, language: 'ru' | 'kk'): string {
  return new Intl.NumberFormat(language === 'kk' ? 'kk-KZ' : 'ru-RU', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  })
    .format(km)
    .replace(/[\u202f\u00a0]/g, '\u00a0');
}
