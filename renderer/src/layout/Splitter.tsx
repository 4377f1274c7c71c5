import type { KeyboardEvent, PointerEvent } from 'react';
import type { Gutter } from './tile-rects';

interface Props {
  gutter: Gutter;
  label: string;
  /** Moves the split by a fraction of the workspace (negative: left/up). */
  onResize(deltaFraction: number): void;
}

const KEY_STEP = 0.02;

/**
 * A draggable split between tiles, also movable with the arrow keys. A screen reader hears where
 * it is: the first neighbour's share of the pair, in percent.
 */
export function Splitter({ gutter, label, onResize }: Props) {
  const vertical = gutter.kind === 'col';
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const area = e.currentTarget.parentElement!.getBoundingClientRect();
    const span = vertical ? area.width : area.height;
    let last = vertical ? e.clientX : e.clientY;
    e.currentTarget.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => {
      const now = vertical ? ev.clientX : ev.clientY;
      if (now !== last) onResize((now - last) / span);
      last = now;
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const back = vertical ? 'ArrowLeft' : 'ArrowUp';
    const forward = vertical ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back || e.key === forward) {
      e.preventDefault();
      onResize(e.key === back ? -KEY_STEP : KEY_STEP);
    }
  };
  const { left, top, width, height } = gutter.rect;
  return (
    <div
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={gutter.share}
      aria-valuemin={10}
      aria-valuemax={90}
      aria-valuetext={
        vertical
          ? `${gutter.share}% left, ${100 - gutter.share}% right`
          : `${gutter.share}% above, ${100 - gutter.share}% below`
      }
      tabIndex={0}
      className={`splitter splitter-${gutter.kind}`}
      style={{
        left: `${left}%`,
        top: `${top}%`,
        width: vertical ? undefined : `${width}%`,
        height: vertical ? `${height}%` : undefined,
      }}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
