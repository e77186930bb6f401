import { describe, expect, it } from 'vitest';
import { mean, median, sd, twoSidedP, welchTest } from './stats.js';

describe('stats', () => {
  it('mean, sample sd, median', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(sd([5])).toBe(0);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it("Student's t two-sided p matches the tables", () => {
    expect(twoSidedP(2.776, 4)).toBeCloseTo(0.05, 3);
    expect(twoSidedP(2.228, 10)).toBeCloseTo(0.05, 3);
    expect(twoSidedP(4.604, 4)).toBeCloseTo(0.01, 3);
    expect(twoSidedP(0, 7)).toBeCloseTo(1, 6);
  });

  it("Welch's t-test (checked against scipy.stats.ttest_ind(equal_var=False))", () => {
    // scipy 1.x: ttest_ind([0.4,1.0,0.9,0.55,0.8], [0.1,0.25,0.45,0.2,0.15], equal_var=False) -> t 3.94669, p 0.0071612, df 6.16707
    const test = welchTest([0.1, 0.25, 0.45, 0.2, 0.15], [0.4, 1.0, 0.9, 0.55, 0.8]);
    expect(test?.difference).toBeCloseTo(0.5, 9);
    expect(test?.t).toBeCloseTo(3.94669, 4);
    expect(test?.df).toBeCloseTo(6.16707, 4);
    expect(test?.p).toBeCloseTo(0.0071612, 5);
    expect(welchTest([1], [1, 2])).toBeNull();
    expect(welchTest([1, 1], [1, 1])).toMatchObject({ difference: 0, p: 1 });
    expect(welchTest([1, 1], [0, 0])).toMatchObject({ difference: -1, p: 0 });
  });
});
