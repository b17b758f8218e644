// The camera area: live video with the scan frame, torch and camera-switch buttons, and a clear
// message whenever the camera is not scanning (starting, paused to save battery, blocked).
import { useEffect, useRef, useState } from 'preact/hooks';
import { CameraScanner, type CameraState } from '../camera/camera-scanner.ts';
import { t } from '../i18n.ts';
import { IconCamera, IconSwitchCamera, IconTorch, IconWarning } from './icons.tsx';

export function CameraView({ onCode }: { onCode: (text: string) => Promise<void | boolean> }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const scannerRef = useRef<CameraScanner | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const [state, setState] = useState<CameraState>('starting');
  const [torchAvailable, setTorchAvailable] = useState(false);
  const [torch, setTorch] = useState(false);
  const [canSwitch, setCanSwitch] = useState(false);

  useEffect(() => {
    const scanner = new CameraScanner(videoRef.current!, {
      onState: setState,
      onCode: (text) => onCodeRef.current(text),
      onTorchAvailable: (available) => { setTorchAvailable(available); setTorch(false); },
    });
    scannerRef.current = scanner;
    void scanner.start().then(() => scanner.canSwitch()).then(setCanSwitch).catch(() => undefined);
    return () => scanner.destroy();
  }, []);

  const resume = () => void scannerRef.current?.start();
  const message =
    state === 'starting' ? t('scan.cameraStarting')
    : state === 'loading-decoder' ? t('scan.decoderLoading')
    : state === 'paused' ? t('scan.cameraPaused')
    : state === 'denied' ? t('scan.cameraDenied')
    : state === 'unavailable' ? t('scan.noCamera')
    : null;

  return (
    <section class="camera" data-testid="camera" data-state={state}>
      <video ref={videoRef} class="camera__video" muted playsInline autoPlay aria-hidden="true" />
      <div class="camera__frame" aria-hidden="true"><span /><span /><span /><span /></div>
      {state === 'running' ? <p class="camera__hint">{t('scan.aim')}</p> : null}
      {message ? (
        <button type="button" class="camera__message" onClick={state === 'paused' ? resume : undefined} disabled={state !== 'paused'}>
          {state === 'denied' || state === 'unavailable' ? <IconWarning size={40} /> : <IconCamera size={40} />}
          <span>{message}</span>
        </button>
      ) : null}
      <div class="camera__controls">
        {torchAvailable ? (
          <button type="button" class={`chip ${torch ? 'chip--on' : ''}`} aria-pressed={torch}
            onClick={() => void scannerRef.current?.setTorch(!torch).then(setTorch)}>
            <IconTorch size={20} />{t(torch ? 'scan.torchOn' : 'scan.torchOff')}
          </button>
        ) : null}
        {canSwitch ? (
          <button type="button" class="chip" onClick={() => void scannerRef.current?.switchCamera()}>
            <IconSwitchCamera size={20} />{t('scan.switchCamera')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
