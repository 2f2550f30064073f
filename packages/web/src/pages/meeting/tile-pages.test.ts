import { describe, expect, it } from 'vitest';
import { gridColumns, pageOf, speakerLayout, TILES_PER_PAGE } from './tile-pages.ts';

const people = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i + 1}`);

describe('pageOf', () => {
  it('shows nine people per page on a desktop and the rest on the next page', () => {
    const first = pageOf(people(12), 0, TILES_PER_PAGE.desktop);
    expect(first.items).toHaveLength(9);
    expect(first.pages).toBe(2);
    expect(pageOf(people(12), 1, TILES_PER_PAGE.desktop).items).toEqual(['p10', 'p11', 'p12']);
  });

  it('shows four per page on a phone', () => {
    expect(pageOf(people(9), 0, TILES_PER_PAGE.phone).pages).toBe(3);
  });

  it('moves to the last page that still exists when people leave', () => {
    const page = pageOf(people(5), 3, TILES_PER_PAGE.phone);
    expect(page.page).toBe(1);
    expect(page.items).toEqual(['p5']);
  });

  it('has one empty page when nobody else is there', () => {
    expect(pageOf([], 0, 9)).toEqual({ items: [], page: 0, pages: 1 });
  });
});

describe('gridColumns', () => {
  it('lays out tiles as square as the page allows', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => gridColumns(n, 9))).toEqual([1, 2, 2, 2, 3, 3]);
    expect(gridColumns(4, TILES_PER_PAGE.phone, true)).toBe(2);
  });

  it('stacks one or two people above each other on an upright phone', () => {
    expect(gridColumns(2, TILES_PER_PAGE.phone, true)).toBe(1);
  });
});

describe('speakerLayout', () => {
  it('puts the active speaker large and everyone else in the strip', () => {
    expect(speakerLayout(['a', 'b', 'c'], 'b')).toEqual({ main: 'b', others: ['a', 'c'] });
  });

  it('shows the first person large until someone speaks, and when we ourselves speak', () => {
    expect(speakerLayout(['a', 'b'], null).main).toBe('a');
    expect(speakerLayout(['a', 'b'], 'self').main).toBe('a');
  });
});
