import type { ReactElement } from 'react';

/** Line icons drawn inline: the app is offline, so no icon font or CDN. */
const paths = {
  data: (
    <>
      <ellipse cx="8" cy="3.5" rx="5.5" ry="2" />
      <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9" />
      <path d="M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
    </>
  ),
  features: (
    <path d="M5.5 2C4 2 4 3.5 4 4.5v1.2C4 7 3.3 8 2 8c1.3 0 2 1 2 2.3v1.2C4 12.5 4 14 5.5 14M10.5 2C12 2 12 3.5 12 4.5v1.2C12 7 12.7 8 14 8c-1.3 0-2 1-2 2.3v1.2c0 1 0 2.5-1.5 2.5" />
  ),
  training: <path d="M1.5 8.5h2.8l2-5.5 3.2 10 2-4.5h3" />,
  experiments: <path d="M6 1.5h4M6.5 1.5v4.6l-4 6.9a1 1 0 0 0 .9 1.5h9.2a1 1 0 0 0 .9-1.5l-4-6.9V1.5M4.3 10h7.4" />,
  models: (
    <>
      <path d="M8 1.5l6 3.2v6.6l-6 3.2-6-3.2V4.7z" />
      <path d="M2 4.7l6 3.3 6-3.3M8 8v6.5" />
    </>
  ),
  pipelines: (
    <>
      <circle cx="3.5" cy="4" r="2" />
      <circle cx="12.5" cy="4" r="2" />
      <circle cx="8" cy="12.5" r="2" />
      <path d="M5.5 4h5M4.5 5.8 7 10.7M11.5 5.8 9 10.7" />
    </>
  ),
  sun: (
    <>
      <circle cx="8" cy="8" r="3" />
      <path d="M8 1v1.5M8 13.5V15M1 8h1.5M13.5 8H15M3 3l1.1 1.1M11.9 11.9 13 13M3 13l1.1-1.1M11.9 4.1 13 3" />
    </>
  ),
  moon: <path d="M13.5 9.8A5.8 5.8 0 0 1 6.2 2.5a5.8 5.8 0 1 0 7.3 7.3z" />,
  keyboard: (
    <>
      <rect x="1.5" y="4" width="13" height="8" rx="1.5" />
      <path d="M4 6.5h.01M6.5 6.5h.01M9 6.5h.01M11.5 6.5h.01M5 9.5h6" />
    </>
  ),
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  jobs: <path d="M2 4h8M2 8h12M2 12h6" />,
  folder: <path d="M1.5 4.5a1 1 0 0 1 1-1h3.3l1.5 1.5h6.2a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1h-11a1 1 0 0 1-1-1z" />,
  plus: <path d="M8 3v10M3 8h10" />,
  alert: (
    <>
      <circle cx="8" cy="8" r="6.5" />
      <path d="M8 4.5v4M8 11h.01" />
    </>
  ),
  play: <path d="M5 3.5v9l7-4.5z" />,
  stop: <rect x="4" y="4" width="8" height="8" rx="1" />,
  copy: (
    <>
      <rect x="5.5" y="5.5" width="8" height="8" rx="1.2" />
      <path d="M10.5 5.5V3.7a1.2 1.2 0 0 0-1.2-1.2H3.7a1.2 1.2 0 0 0-1.2 1.2v5.6a1.2 1.2 0 0 0 1.2 1.2h1.8" />
    </>
  ),
  table: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.2" />
      <path d="M2 6.5h12M6 6.5V13" />
    </>
  ),
  view: (
    <>
      <rect x="2" y="3" width="12" height="10" rx="1.2" strokeDasharray="2 1.6" />
      <path d="M2 6.5h12" />
    </>
  ),
  refresh: <path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v3h-3" />,
  upload: <path d="M8 10.5V2.5M5 5.5l3-3 3 3M2.5 10.5v2a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1v-2" />,
  trash: <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.6a1 1 0 0 0 1 .9h3.8a1 1 0 0 0 1-.9l.6-8.6" />,
  snapshot: (
    <>
      <path d="M2 5.5a1 1 0 0 1 1-1h2l1-1.5h4l1 1.5h2a1 1 0 0 1 1 1V12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1z" />
      <circle cx="8" cy="8.5" r="2.3" />
    </>
  ),
  history: <path d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.8h2.8M8 5v3.2l2 1.3" />,
  save: <path d="M3 2.5h8l2.5 2.5v8.5H3zM5.5 2.5v3h5v-3M5 13.5V9.5h6v4" />,
  check: <path d="M3 8.5l3 3 7-7" />,
  diff: <path d="M5 2v8M2 5h6M9 12.5h5M11.5 6v8" />,
} satisfies Record<string, ReactElement>;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name]}
    </svg>
  );
}
