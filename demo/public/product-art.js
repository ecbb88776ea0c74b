// Product visuals as inline SVG (no external assets, no network). Decorative: every <svg> is aria-hidden,
// the product name next to it says what it is.

const svg = (background, body) =>
  `<svg viewBox="0 0 240 180" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"><rect width="240" height="180" fill="${background}"/>${body}</svg>`;

/** Markup of each product's picture, by SKU. */
export const PRODUCT_ART = {
  'BEANIE-01': svg(
    '#e9efe8',
    `<ellipse cx="120" cy="150" rx="62" ry="8" fill="#cdd8cb"/>
     <path d="M62 128c0-44 26-74 58-74s58 30 58 74z" fill="#3f6b5c"/>
     <g stroke="#345a4d" stroke-width="5">${[76, 92, 108, 124, 140, 156].map((x) => `<line x1="${x}" y1="${x < 120 ? 70 + (120 - x) / 3 : 70 + (x - 120) / 3}" x2="${x}" y2="128"/>`).join('')}</g>
     <rect x="56" y="118" width="128" height="26" rx="8" fill="#2f5546"/>
     <circle cx="120" cy="48" r="15" fill="#efe6d6"/>`,
  ),
  'POUR-01': svg(
    '#f3ece3',
    `<ellipse cx="120" cy="156" rx="70" ry="7" fill="#e0d4c4"/>
     <path d="M84 98h72l-8 56H92z" fill="#c98f6b" opacity=".35"/>
     <path d="M88 104h64v40a12 12 0 0 1-12 12h-40a12 12 0 0 1-12-12z" fill="#f9f6f1" stroke="#d8ccbd" stroke-width="2"/>
     <path d="M92 128h56v14a10 10 0 0 1-10 10h-36a10 10 0 0 1-10-10z" fill="#7a4a31"/>
     <path d="M78 48h84l-22 44h-40z" fill="#e8dccb" stroke="#cdbda7" stroke-width="2"/>
     <rect x="100" y="90" width="40" height="10" rx="3" fill="#d9cab5"/>
     <path d="M162 58c16 0 16 22 0 22" fill="none" stroke="#cdbda7" stroke-width="6"/>`,
  ),
  'CANDLE-01': svg(
    '#efe9f4',
    `<ellipse cx="120" cy="154" rx="56" ry="7" fill="#dcd2e6"/>
     <rect x="80" y="72" width="80" height="82" rx="10" fill="#5b4b6e"/>
     <rect x="80" y="96" width="80" height="34" fill="#efe6d6"/>
     <text x="120" y="118" font-family="Georgia, serif" font-size="13" text-anchor="middle" fill="#5b4b6e">CEDAR</text>
     <ellipse cx="120" cy="72" rx="40" ry="7" fill="#f7f1e8"/>
     <line x1="120" y1="72" x2="120" y2="60" stroke="#2a2330" stroke-width="2"/>
     <path d="M120 32c10 12 8 24 0 28-8-4-10-16 0-28z" fill="#f4b33d"/>
     <path d="M120 44c4 6 3 11 0 13-3-2-4-7 0-13z" fill="#fde7a8"/>`,
  ),
  'THROW-01': svg(
    '#f1eee6',
    `<ellipse cx="120" cy="152" rx="78" ry="8" fill="#ddd8cb"/>
     <rect x="44" y="92" width="152" height="56" rx="12" fill="#b6a58a"/>
     <rect x="50" y="70" width="140" height="46" rx="12" fill="#cbbb9f"/>
     <rect x="56" y="48" width="128" height="40" rx="12" fill="#ddd0b8"/>
     <g stroke="#a8967a" stroke-width="2" stroke-dasharray="4 5"><line x1="56" y1="68" x2="184" y2="68"/><line x1="50" y1="93" x2="190" y2="93"/><line x1="44" y1="120" x2="196" y2="120"/></g>
     <g stroke="#8f7d62" stroke-width="2">${[60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180].map((x) => `<line x1="${x}" y1="148" x2="${x}" y2="156"/>`).join('')}</g>`,
  ),
  'TOTE-01': svg(
    '#e6eef3',
    `<ellipse cx="120" cy="156" rx="60" ry="7" fill="#cfdbe3"/>
     <path d="M96 70c0-30 48-30 48 0" fill="none" stroke="#c4a77d" stroke-width="7"/>
     <path d="M74 66h92l10 88H64z" fill="#efe4cf"/>
     <path d="M74 66h92l2 16H72z" fill="#e2d3b7"/>
     <rect x="98" y="100" width="44" height="30" rx="4" fill="#31566e"/>
     <circle cx="120" cy="115" r="7" fill="#efe4cf"/>`,
  ),
  'LAMP-01': svg(
    '#f4efe4',
    `<ellipse cx="120" cy="158" rx="58" ry="7" fill="#e3d9c6"/>
     <path d="M150 40l-60 34" stroke="#b58b3c" stroke-width="6" stroke-linecap="round"/>
     <path d="M90 74l10 76" stroke="#b58b3c" stroke-width="6" stroke-linecap="round"/>
     <rect x="76" y="146" width="52" height="10" rx="5" fill="#9c7430"/>
     <circle cx="90" cy="74" r="7" fill="#9c7430"/>
     <circle cx="150" cy="40" r="6" fill="#9c7430"/>
     <path d="M138 30l40 24-18 20-36-28z" fill="#c99a45"/>
     <path d="M160 74l-16 44" stroke="#f6d77a" stroke-width="18" opacity=".35" stroke-linecap="round"/>`,
  ),
};

/** A neutral picture for a SKU without one. */
export const FALLBACK_ART = svg('#eeeeee', '<circle cx="120" cy="90" r="36" fill="#d6d6d6"/>');
