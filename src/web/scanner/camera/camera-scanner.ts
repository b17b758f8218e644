// The camera loop, paced for a budget phone's battery: a few decodes a second of the framed centre
// only, nothing while the app is hidden, and the camera switched off after IDLE_MS without a code
// (a tap brings it back). A QR that stays in view is read once: the same text is ignored until it
// has been out of view for REPEAT_AFTER_MS, so a guest holding up their phone is not scanned
// twice, yet the same ticket presented again a moment later is.
import { getQrDecoder } from './qr-decoder.ts';
import type { QrDecoder } from './qr-decoder.types.ts';

export const IDLE_MS = 90_000;
export const REPEAT_AFTER_MS = 2_500;
/** Share of the shorter video side that the scan frame covers (the CSS frame matches it). */
export const FRAME_SHARE = 0.72;
const MAX_DECODE_SIDE = 640;

export type CameraState = 'starting' | 'running' | 'paused' | 'denied' | 'unavailable' | 'loading-decoder';

export interface CameraCallbacks {
  onState(state: CameraState): void;
  /**
   * A new QR text; scanning waits until the returned promise settles. `false`: not taken (a note
   * on screen waits for staff), so the same QR still in view is read again once the screen is free.
   */
  onCode(text: string): Promise<void | boolean>;
  onTorchAvailable(available: boolean): void;
}

export class CameraScanner {
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private decoder: QrDecoder | null = null;
  private readonly canvas = document.createElement('canvas');
  private readonly context = this.canvas.getContext('2d', { willReadFrequently: true })!;
  private lastText = '';
  private lastSeenAt = 0;
  private lastCodeAt = Date.now();
  private deviceIndex = -1;
  private torchOn = false;
  private active = false;

  constructor(private readonly video: HTMLVideoElement, private readonly cb: CameraCallbacks) {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  private onVisibility = () => {
    if (document.hidden) this.stopStream();
    else if (this.active) void this.start();
  };

  async start(): Promise<void> {
    this.active = true;
    this.lastCodeAt = Date.now();
    if (this.stream) return;
    this.cb.onState('starting');
    try {
      const devices = this.deviceIndex >= 0 ? await this.videoDevices() : [];
      const deviceId = devices[this.deviceIndex]?.deviceId;
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: deviceId
          ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
          // Rear camera by default: staff point the phone at the guest's ticket.
          : { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (err) {
      const name = (err as { name?: string })?.name;
      this.cb.onState(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
      this.active = false;
      return;
    }
    if (!this.active || document.hidden) { this.stopStream(); return; }
    this.video.srcObject = this.stream;
    this.video.muted = true;
    this.video.playsInline = true;
    await this.video.play().catch(() => undefined);
    this.cb.onTorchAvailable(this.torchCapable());
    if (!this.decoder) {
      this.cb.onState('loading-decoder');
      this.decoder = await getQrDecoder();
    }
    this.cb.onState('running');
    this.schedule(0);
  }

  /** Stops the camera (app idle, screen left): the light on the phone's back goes off. */
  pause(): void {
    this.active = false;
    this.stopStream();
    this.cb.onState('paused');
  }

  destroy(): void {
    this.active = false;
    this.stopStream();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private stopStream(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.video.srcObject = null;
    this.torchOn = false;
  }

  private async videoDevices(): Promise<MediaDeviceInfo[]> {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
  }

  async canSwitch(): Promise<boolean> {
    return (await this.videoDevices()).length > 1;
  }

  /** Next camera (front/back/others). */
  async switchCamera(): Promise<void> {
    const devices = await this.videoDevices();
    if (devices.length < 2) return;
    const current = this.stream?.getVideoTracks()[0]?.getSettings().deviceId;
    const at = devices.findIndex((d) => d.deviceId === current);
    this.deviceIndex = (at + 1) % devices.length;
    this.stopStream();
    await this.start();
  }

  private track(): MediaStreamTrack | undefined {
    return this.stream?.getVideoTracks()[0];
  }

  private torchCapable(): boolean {
    const caps = this.track()?.getCapabilities?.() as (MediaTrackCapabilities & { torch?: boolean }) | undefined;
    return Boolean(caps?.torch);
  }

  async setTorch(on: boolean): Promise<boolean> {
    const track = this.track();
    if (!track || !this.torchCapable()) return false;
    try {
      await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
      this.torchOn = on;
    } catch { /* some drivers refuse; the button just stays off */ }
    return this.torchOn;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (!this.stream || !this.decoder) return;
    if (Date.now() - this.lastCodeAt > IDLE_MS) { this.pause(); return; }
    const started = performance.now();
    let texts: string[] = [];
    if (this.grabFrame()) {
      try { texts = await this.decoder.decode(this.canvas, this.context); } catch { texts = []; }
    }
    const now = Date.now();
    const text = texts[0];
    if (text) {
      const repeat = text === this.lastText && now - this.lastSeenAt < REPEAT_AFTER_MS;
      this.lastSeenAt = now;
      this.lastCodeAt = now;
      if (!repeat) {
        this.lastText = text;
        const taken = await this.cb.onCode(text).catch(() => undefined);
        if (taken === false) this.lastText = '';
        this.lastSeenAt = Date.now();
      }
    }
    if (!this.stream) return;
    // Native detection is cheap: ~8 a second. zxing in wasm costs more: leave the CPU breathing room.
    const interval = this.decoder.kind === 'native' ? 120 : 200;
    const spent = performance.now() - started;
    this.schedule(Math.max(60, interval - spent));
  }

  /** Draws the framed centre of the current video frame into the decode canvas. */
  private grabFrame(): boolean {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w || !h || this.video.readyState < 2) return false;
    const side = Math.round(Math.min(w, h) * FRAME_SHARE);
    const scale = Math.min(1, MAX_DECODE_SIDE / side);
    const out = Math.round(side * scale);
    if (this.canvas.width !== out) { this.canvas.width = out; this.canvas.height = out; }
    this.context.drawImage(this.video, (w - side) / 2, (h - side) / 2, side, side, 0, 0, out, out);
    return true;
  }
}
