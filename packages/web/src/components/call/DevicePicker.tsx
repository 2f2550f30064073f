import { useEffect, useId, useState } from 'preact/hooks';
import { listDevices, type LocalMedia } from '@samtale/client-core';
import { useT } from '../../state/AppState.ts';

type Kind = 'audioinput' | 'videoinput';

/** Camera and microphone choice; switching replaces the track in every peer connection. */
export function DevicePicker({ media }: { media: LocalMedia }) {
  const t = useT();
  const [devices, setDevices] = useState<Record<Kind, MediaDeviceInfo[]>>({ audioinput: [], videoinput: [] });
  useEffect(() => {
    const refresh = (): void => void listDevices().then(setDevices, () => undefined);
    refresh();
    navigator.mediaDevices.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices.removeEventListener('devicechange', refresh);
  }, []);
  return (
    <div class="device-picker">
      <DeviceSelect kind="videoinput" label={t('devices.camera')} devices={devices.videoinput} media={media} />
      <DeviceSelect kind="audioinput" label={t('devices.microphone')} devices={devices.audioinput} media={media} />
    </div>
  );
}

function currentDeviceId(media: LocalMedia, kind: Kind): string {
  const track = kind === 'audioinput' ? media.stream.getAudioTracks()[0] : media.stream.getVideoTracks()[0];
  return track?.getSettings().deviceId ?? '';
}

function DeviceSelect({
  kind,
  label,
  devices,
  media,
}: {
  kind: Kind;
  label: string;
  devices: MediaDeviceInfo[];
  media: LocalMedia;
}) {
  const t = useT();
  const id = useId();
  const [selected, setSelected] = useState(() => currentDeviceId(media, kind));
  if (devices.length === 0) return null;
  const choose = (deviceId: string): void => {
    setSelected(deviceId);
    void media.switchDevice(kind, deviceId).catch(() => setSelected(currentDeviceId(media, kind)));
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={selected} onChange={(event) => choose(event.currentTarget.value)}>
        {devices.map((device, index) => (
          <option key={device.deviceId} value={device.deviceId}>
            {device.label || t(kind === 'audioinput' ? 'devices.microphoneN' : 'devices.cameraN', { n: index + 1 })}
          </option>
        ))}
      </select>
    </div>
  );
}
