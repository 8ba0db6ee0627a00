import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceKm, formatKm, type GeoPoint, isGeoPoint, nearest } from '../../../core/domain/geo';

const point = fc.record({
  latitude: fc.double({ min: -90, max: 90, noNaN: true }),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe('distanceKm (haversine)', () => {
  it('is symmetric', () => {
    fc.assert(fc.property(point, point, (a, b) => Math.abs(distanceKm(a, b) - distanceKm(b, a)) < 1e-9));
  });
  it('is zero from a point to itself, positive otherwise', () => {
    fc.assert(fc.property(point, (a) => distanceKm(a, a) === 0));
    fc.assert(
      fc.property(point, point, (a, b) =>
        a.latitude === b.latitude && a.longitude === b.longitude ? true : distanceKm(a, b) >= 0,
      ),
    );
  });
  it('obeys the triangle inequality (to a metre: near-antipodal points lose precision)', () => {
    fc.assert(
      fc.property(
        point,
        point,
        point,
        (a, b, c) => distanceKm(a, c) <= distanceKm(a, b) + distanceKm(b, c) + 1e-3,
      ),
      { numRuns: 2000 },
    );
  });
  it('is at most half the Earth round', () => {
    fc.assert(fc.property(point, point, (a, b) => distanceKm(a, b) <= Math.PI * 6371.0088 + 1e-6));
  });
  it('knows real distances', () => {
    const almaty = { latitude: 43.2389, longitude: 76.8897 };
    const moscow = { latitude: 55.7558, longitude: 37.6173 };
    // about 3 100 km by the great circle
    expect(distanceKm(almaty, moscow)).toBeGreaterThan(3050);
    expect(distanceKm(almaty, moscow)).toBeLessThan(3150);
    // one degree of latitude ≈ 111.2 km
    expect(distanceKm({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(111.19, 1);
  });
});

describe('nearest', () => {
  it('sorts by distance, keeps `limit`, skips items without coordinates', () => {
    fc.assert(
      fc.property(
        point,
        fc.array(fc.option(point, { nil: null }), { maxLength: 30 }),
        fc.nat(10),
        (from, items, limit) => {
          const found = nearest(from, items, (item) => item, limit);
          const located = items.filter((item): item is GeoPoint => item !== null && isGeoPoint(item));
          expect(found.length).toBe(Math.min(limit, located.length));
          for (let i = 1; i < found.length; i++)
            expect(found[i]!.distanceKm).toBeGreaterThanOrEqual(found[i - 1]!.distanceKm);
          // the kept distances are exactly the smallest ones
          const smallest = located.map((item) => distanceKm(from, item)).sort((x, y) => x - y);
          expect(found.map((f) => f.distanceKm)).toEqual(smallest.slice(0, found.length));
        },
      ),
    );
  });
});

describe('formatKm', () => {
  it('has one decimal and the decimal comma in both languages', () => {
    expect(formatKm(1.25, 'ru')).toBe('1,3');
    expect(formatKm(0, 'kk')).toBe('0,0');
    expect(formatKm(1234.56, 'ru').replace(/\u00a0/g, ' ')).toBe('1 234,6');
    expect(formatKm(1234.56, 'kk').replace(/\u00a0/g, ' ')).toBe('1 234,6');
  });
});
