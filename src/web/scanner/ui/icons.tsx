// Inline SVG icons (24×24, stroke = currentColor): no icon font to download, crisp at any size,
// and always paired with a word — colour and shape never carry meaning alone.
import type { JSX } from 'preact';

type IconProps = { size?: number; class?: string };

function Svg({ size = 24, class: cls, children }: IconProps & { children: JSX.Element | JSX.Element[] }) {
  return (
    <svg class={cls} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor"
      stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const IconCheck = (p: IconProps) => <Svg {...p}><path d="M4 12.5l5 5L20 6.5" /></Svg>;
export const IconCross = (p: IconProps) => <Svg {...p}><path d="M6 6l12 12M18 6L6 18" /></Svg>;
export const IconExit = (p: IconProps) => <Svg {...p}><path d="M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10" /></Svg>;
export const IconEnter = (p: IconProps) => <Svg {...p}><path d="M10 4H5v16h5M14 8l4 4-4 4M18 12H8" /></Svg>;
export const IconKeyboard = (p: IconProps) => (
  <Svg {...p}><rect x="2.5" y="6" width="19" height="12" rx="2" /><path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" /></Svg>
);
export const IconSearch = (p: IconProps) => <Svg {...p}><circle cx="11" cy="11" r="6.5" /><path d="M16 16l5 5" /></Svg>;
export const IconUndo = (p: IconProps) => <Svg {...p}><path d="M9 14L4 9l5-5" /><path d="M4 9h10a6 6 0 010 12h-3" /></Svg>;
export const IconTorch = (p: IconProps) => <Svg {...p}><path d="M8 2h8l-1 6H9zM9 8h6v4l-2 10h-2L9 12z" /></Svg>;
export const IconSwitchCamera = (p: IconProps) => (
  <Svg {...p}><path d="M4 7h3l2-3h6l2 3h3v13H4z" /><path d="M9 13.5a3 3 0 105.2-2M15 9.5v2h-2" /></Svg>
);
export const IconOnline = (p: IconProps) => <Svg {...p}><path d="M2 9a15 15 0 0120 0M5.5 12.5a10 10 0 0113 0M9 16a5 5 0 016 0M12 19.5h.01" /></Svg>;
export const IconOffline = (p: IconProps) => <Svg {...p}><path d="M3 3l18 18M9 16a5 5 0 016 0M12 19.5h.01M5.5 12.5a10 10 0 014-2.3M2 9a15 15 0 014.5-3M14 7.2A15 15 0 0122 9" /></Svg>;
export const IconUpload = (p: IconProps) => <Svg {...p}><path d="M12 16V4M7 9l5-5 5 5M4 20h16" /></Svg>;
export const IconClock = (p: IconProps) => <Svg {...p}><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></Svg>;
export const IconPeople = (p: IconProps) => (
  <Svg {...p}><circle cx="9" cy="8" r="3.5" /><path d="M2.5 20a6.5 6.5 0 0113 0M16 4.8a3.5 3.5 0 010 6.4M18 14a6.5 6.5 0 013.5 6" /></Svg>
);
export const IconCamera = (p: IconProps) => <Svg {...p}><path d="M4 7h3l2-3h6l2 3h3v13H4z" /><circle cx="12" cy="13" r="3.5" /></Svg>;
export const IconLanguage = (p: IconProps) => (
  <Svg {...p}><circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3a14 14 0 010 18M12 3a14 14 0 000 18" /></Svg>
);
export const IconWarning = (p: IconProps) => <Svg {...p}><path d="M12 3l10 18H2z" /><path d="M12 10v5M12 18h.01" /></Svg>;
