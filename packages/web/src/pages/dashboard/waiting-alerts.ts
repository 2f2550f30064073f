import { useEffect, useRef, useState } from 'preact/hooks';
import type { AppointmentView, ConsultationView } from '@samtale/protocol';

const SOUND_KEY = 'samtale.waitingSound';

/** Someone who waits, and the appointment time they came for (null: an ad-hoc consultation). */
export interface Waiter {
  participantId: string;
  appointmentStartsAt: string | null;
}

/** Everyone waiting now, in the ad-hoc consultations and the appointments. */
export function waitersOf(
  consultations: readonly ConsultationView[],
  appointments: readonly AppointmentView[],
): Waiter[] {
  return [
    ...consultations.flatMap((c) =>
      c.waiting.map((w) => ({ participantId: w.participantId, appointmentStartsAt: null })),
    ),
    ...appointments.flatMap((a) =>
      a.waiting.map((w) => ({ participantId: w.participantId, appointmentStartsAt: a.startsAt })),
    ),
  ];
}

/** A short two-note chime (about 0.4 s) through Web Audio; silent where audio cannot start. */
export function playChime(): void {
  if (typeof AudioContext === 'undefined') return;
  const context = new AudioContext();
  const t0 = context.currentTime;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'sine';
  oscillator.frequency.setValueAtTime(880, t0);
  oscillator.frequency.setValueAtTime(660, t0 + 0.18);
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.4);
  oscillator.connect(gain).connect(context.destination);
  oscillator.onended = () => void context.close();
  oscillator.start(t0);
  oscillator.stop(t0 + 0.42);
}

export type DesktopPermission = NotificationPermission | 'unsupported';

function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export interface WaitingAlerts {
  isSoundOn: boolean;
  setSoundOn: (isOn: boolean) => void;
  desktop: DesktopPermission;
  askDesktop: () => Promise<void>;
}

/**
 * Tells the clinician when someone starts waiting: a chime (unless turned off; remembered in
 * localStorage) and a desktop notification when allowed. Nobody already waiting when the page
 * loads sets it off. `describe` gives the notification's texts (no names: a lock screen shows them).
 */
export function useWaitingAlerts(
  waiters: readonly Waiter[],
  isLoaded: boolean,
  describe: (w: Waiter) => { title: string; body: string },
): WaitingAlerts {
  const [isSoundOn, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const [desktop, setDesktop] = useState<DesktopPermission>(desktopPermission);
  const known = useRef<Set<string> | null>(null);
  const key = waiters.map((w) => w.participantId).join(',');

  useEffect(() => {
    if (!isLoaded) return;
    const ids = new Set(waiters.map((w) => w.participantId));
    const previous = known.current;
    known.current = ids;
    if (previous === null) return;
    const fresh = waiters.filter((w) => !previous.has(w.participantId));
    const first = fresh[0];
    if (first === undefined) return;
    if (isSoundOn) playChime();
    if (desktopPermission() === 'granted') {
      const { title, body } = describe(first);
      new Notification(title, { body, tag: 'samtale-waiting' });
    }
    // `key` stands for `waiters`; the texts and the sound setting are read when someone arrives.
  }, [key, isLoaded]);

  return {
    isSoundOn,
    setSoundOn(isOn) {
      localStorage.setItem(SOUND_KEY, isOn ? 'on' : 'off');
      setSound(isOn);
    },
    desktop,
    async askDesktop() {
      if (typeof Notification === 'undefined') return;
      setDesktop(await Notification.requestPermission());
    },
  };
}
