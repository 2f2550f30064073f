/** Cameras and microphones the browser offers, grouped for a device picker. */
export interface DeviceList {
  audioinput: MediaDeviceInfo[];
  videoinput: MediaDeviceInfo[];
}

/**
 * Lists cameras and microphones. Labels are empty until the page has had media permission once
 * (the browser hides them for privacy), so call this after LocalMedia.open.
 */
export async function listDevices(mediaDevices: MediaDevices = navigator.mediaDevices): Promise<DeviceList> {
  const devices = await mediaDevices.enumerateDevices();
  return {
    audioinput: devices.filter((d) => d.kind === 'audioinput'),
    videoinput: devices.filter((d) => d.kind === 'videoinput'),
  };
}
