import type { VerificationSymbol } from '@samtale/client-core';
import type { JSX } from 'preact';
import { useT } from '../../state/AppState.ts';

/**
 * The verification code's symbols, drawn by the app itself as inline SVG (issue 11): the system's
 * emoji font is missing on many machines (Debian's Chromium shows empty boxes), and a strict CSP
 * allows nothing from elsewhere (colours are SVG attributes, not inline styles, which it forbids). Each is a plain shape in a dark colour (contrast ≥ 3:1 on white)
 * and is named in text under it, so the code is read aloud the same way on every screen.
 */
const SHAPES: Record<VerificationSymbol, { color: string; draw: JSX.Element }> = {
  circle: { color: '#1f5fa8', draw: <circle cx="12" cy="12" r="9" /> },
  square: { color: '#7a3e00', draw: <rect x="3.5" y="3.5" width="17" height="17" rx="1.5" /> },
  triangle: { color: '#2e6b30', draw: <path d="M12 2.5 22 20.5H2z" /> },
  diamond: { color: '#a1262b', draw: <path d="M12 1.5 21.5 12 12 22.5 2.5 12z" /> },
  star: {
    color: '#8a5a00',
    draw: <path d="m12 1.8 3 6.6 7.2.7-5.4 4.8 1.6 7.1L12 17.3 5.6 21l1.6-7.1L1.8 9.1 9 8.4z" />,
  },
  heart: {
    color: '#b3204d',
    draw: <path d="M12 21.5S2.5 15.6 2.5 9A5 5 0 0 1 12 6.4 5 5 0 0 1 21.5 9c0 6.6-9.5 12.5-9.5 12.5z" />,
  },
  moon: { color: '#4b3c8f', draw: <path d="M15.5 2.5A9.5 9.5 0 1 0 21.5 18 8 8 0 0 1 15.5 2.5z" /> },
  sun: {
    color: '#9a4d00',
    draw: (
      <g>
        <circle cx="12" cy="12" r="5" />
        <path
          d="M12 1v4M12 19v4M1 12h4M19 12h4M4.2 4.2l2.8 2.8M17 17l2.8 2.8M4.2 19.8 7 17M17 7l2.8-2.8"
          stroke="#9a4d00"
          stroke-width="2.2"
          stroke-linecap="round"
        />
      </g>
    ),
  },
  cloud: { color: '#3d5a73', draw: <path d="M7 20h10.5a5 5 0 0 0 .6-10A6.5 6.5 0 0 0 5.6 10.8 4.6 4.6 0 0 0 7 20z" /> },
  drop: {
    color: '#0b6e8a',
    draw: <path d="M12 1.5C8.7 7 4.8 10.5 4.8 15a7.2 7.2 0 0 0 14.4 0c0-4.5-3.9-8-7.2-13.5z" />,
  },
  leaf: {
    color: '#35702a',
    draw: (
      <path d="M21 3C9.5 3 3.5 8.5 3.5 16c0 1.7.4 3.2 1 4.5 1.2-4.3 4.4-8 9.5-10.2-4.3 2.8-7 6-8 10.2C17 21.5 21 14 21 3z" />
    ),
  },
  house: { color: '#6d4c2f', draw: <path d="M12 2.5 22 11.5h-3v10h-5v-6.5h-4v6.5H5v-10H2z" /> },
  fish: { color: '#1d6f6a', draw: <path d="M1.5 12C5 6.5 11.5 4.5 16.5 9l5-4v14l-5-4c-5 4.5-11.5 2.5-15-3z" /> },
  arrow: { color: '#5a4a00', draw: <path d="M2 9.5h11.5V4l8.5 8-8.5 8v-5.5H2z" /> },
  lightning: { color: '#8f3b00', draw: <path d="M14 1.5 3.5 14H11l-1.5 8.5L20.5 9.5H13z" /> },
  plus: { color: '#0f4c81', draw: <path d="M9 2.5h6v6.5h6.5v6H15v6.5H9V15H2.5V9H9z" /> },
};

/** The symbols of a verification code, in order, as a list a screen reader reads by name. */
export function VerificationSymbols({ symbols }: { symbols: readonly VerificationSymbol[] }) {
  const t = useT();
  return (
    <ol class="e2ee-symbols" aria-label={t('e2ee.symbolsLabel')}>
      {symbols.map((symbol, index) => {
        const shape = SHAPES[symbol];
        return (
          <li key={index} class="e2ee-symbol">
            <svg viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false" fill={shape.color}>
              {shape.draw}
            </svg>
            <span class="e2ee-symbol-name">{t(`e2ee.symbol.${symbol}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}
