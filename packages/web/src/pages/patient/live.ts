// The part of the patient's path that needs the call engine, loaded as one chunk.
export { DeviceStep } from './DeviceStep.tsx';
export { PatientSession } from './PatientSession.tsx';
