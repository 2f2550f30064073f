import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { useApp } from '../../state/AppState.ts';
import { Page } from '../../components/Page.tsx';
import { VideoTile } from '../../components/call/VideoTile.tsx';
import { useEquipmentT, type EquipmentKey } from './texts/index.ts';
import { AUTOMATIC_STEPS, EquipmentTestRun, STEP_IDS, type StepId, type StepState } from './EquipmentTestRun.ts';
import type { Advice } from './verdict.ts';
import { appointmentKeyOf, reportToAppointment } from './appointment-report.ts';

type T = ReturnType<typeof useEquipmentT>;

/** A glyph beside the state's word: the word carries the meaning, never the colour or glyph alone. */
const MARKS: Record<StepState, string> = { pending: '·', running: '…', ok: '✓', warn: '!', fail: '✗', skipped: '–' };
const LEVEL_BARS = 10;

const SUBJECT: Record<NonNullable<Advice['device']>, EquipmentKey> = {
  camera: 'device.camera',
  microphone: 'device.microphone',
  both: 'device.both',
};
const OBJECT: Record<NonNullable<Advice['device']>, EquipmentKey> = {
  camera: 'device.cameraObject',
  microphone: 'device.microphoneObject',
  both: 'device.bothObject',
};

function adviceText(t: T, advice: Advice): string {
  if (advice.device === undefined) return t(advice.key);
  const isSubject = advice.key === 'advice.inUse' || advice.key === 'advice.unknown';
  return t(advice.key, { device: t((isSubject ? SUBJECT : OBJECT)[advice.device]) });
}

/**
 * `/test`: the patient's equipment test, any time before the call, without login (issue 9):
 * camera, microphone, speaker, the server, TURN over UDP and TCP/TLS, a test call through TURN,
 * and end-to-end encryption support — then a plain verdict with advice. Stores nothing, except
 * that a run opened from an invitation's `/test#<key>` link tells that appointment "tested at
 * <time>, ok or problem" (appointment-report.ts).
 */
export default function EquipmentTestPage() {
  const { api, wsUrl } = useApp();
  const t = useEquipmentT();
  const appointmentKey = useMemo(() => appointmentKeyOf(location.hash), []);
  const [run, setRun] = useState<EquipmentTestRun | null>(null);
  useEffect(() => () => run?.close(), [run]);

  const start = (): void => {
    const next = new EquipmentTestRun({ api, wsUrl, mediaDevices: navigator.mediaDevices });
    setRun(next);
    void next.run();
  };

  return (
    <Page title={t('title')}>
      <p>{t(appointmentKey === null ? 'intro' : 'introFromInvitation')}</p>
      {appointmentKey !== null && <p>{t('appointment.note')}</p>}
      <p class="hint">{t('privacy')}</p>
      {run === null ? (
        <div class="actions">
          <button type="button" class="button primary" onClick={start}>
            {t('start')}
          </button>
        </div>
      ) : (
        <RunView key={run} run={run} t={t} onAgain={start} appointmentKey={appointmentKey} />
      )}
    </Page>
  );
}

function RunView({
  run,
  t,
  onAgain,
  appointmentKey,
}: {
  run: EquipmentTestRun;
  t: T;
  onAgain: () => void;
  appointmentKey: string | null;
}) {
  const { api } = useApp();
  const id = useId();
  const steps = run.steps.value;
  const verdict = run.verdict.value;
  const [report, setReport] = useState<'none' | 'reported' | 'failed'>('none');
  // Once per run, at its first verdict: the speaker's answer can turn "good" into "works with
  // advice" later, which the clinic is told as the same "ok".
  const isReportSent = useRef(false);
  useEffect(() => {
    if (verdict === null || appointmentKey === null || isReportSent.current) return;
    isReportSent.current = true;
    reportToAppointment(api, appointmentKey, verdict.level).then(
      () => setReport('reported'),
      () => setReport('failed'),
    );
  }, [api, verdict, appointmentKey]);
  const done = AUTOMATIC_STEPS.filter((s) => !['pending', 'running'].includes(steps[s].state)).length;
  const finished = run.finished.value;
  return (
    <div class="equipment-test">
      <div class="field">
        <label for={`${id}-progress`}>{t('progress')}</label>
        <progress id={`${id}-progress`} max={AUTOMATIC_STEPS.length} value={done} />
        <span class="hint">{t('progressCount', { done, total: AUTOMATIC_STEPS.length })}</span>
      </div>
      <div class="device-check">
        {run.camera.value !== null && (
          <VideoTile stream={run.camera.value} label={t('step.camera')} isLocal className="preview" />
        )}
        <div class="device-side">
          <div class="field">
            <span class="label-text">{t('step.microphone')}</span>
            <LevelBars level={run.level.value} label={t('step.microphone')} />
          </div>
          <SpeakerTest run={run} t={t} />
        </div>
      </div>
      <h2>{t('stepsHeading')}</h2>
      <ol class="equipment-steps">
        {STEP_IDS.map((step) => (
          <StepRow key={step} step={step} view={steps[step]} t={t} />
        ))}
      </ol>
      {/* Screen readers hear each step as it finishes, in order. */}
      <div role="log" class="visually-hidden">
        {finished.map((step) => (
          <p key={step}>
            {t(`step.${step}`)}: {t(`state.${steps[step].state}`)}
          </p>
        ))}
      </div>
      <div aria-live="polite">
        {verdict !== null && (
          <section class={`card verdict verdict-${verdict.level}`} aria-labelledby={`${id}-verdict`}>
            <h2 id={`${id}-verdict`}>{t('verdictHeading')}</h2>
            <p class="verdict-headline">{t(`verdict.${verdict.level}`)}</p>
            {verdict.level === 'good' && <p>{t('verdict.goodBody')}</p>}
            {verdict.advice.length > 0 && (
              <ul class="verdict-advice">
                {verdict.advice.map((advice) => (
                  <li key={`${advice.key}-${advice.device ?? ''}`}>{adviceText(t, advice)}</li>
                ))}
              </ul>
            )}
            {report !== 'none' && (
              <p class={report === 'failed' ? 'hint' : ''}>
                {t(report === 'reported' ? 'appointment.reported' : 'appointment.notReported')}
              </p>
            )}
            <div class="actions">
              <button type="button" class="button" onClick={onAgain}>
                {t('again')}
              </button>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}

function StepRow({
  step,
  view,
  t,
}: {
  step: StepId;
  view: { state: StepState; detail: EquipmentKey | null; params?: Record<string, string | number> };
  t: T;
}) {
  return (
    <li class={`equipment-step step-${view.state}`}>
      <span class="step-name">{t(`step.${step}`)}</span>
      <span class="step-state">
        <span aria-hidden="true" class="step-mark">
          {MARKS[view.state]}
        </span>{' '}
        {t(`state.${view.state}`)}
      </span>
      {view.detail !== null && <span class="step-detail">{t(view.detail, view.params)}</span>}
    </li>
  );
}

function LevelBars({ level, label }: { level: number; label: string }) {
  const lit = Math.round(Math.min(1, Math.max(0, level)) * LEVEL_BARS);
  return (
    <div
      class="level-meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={LEVEL_BARS}
      aria-valuenow={lit}
    >
      {Array.from({ length: LEVEL_BARS }, (_, index) => (
        <span key={index} class={index < lit ? 'bar lit' : 'bar'} />
      ))}
    </div>
  );
}

function SpeakerTest({ run, t }: { run: EquipmentTestRun; t: T }) {
  const [isPlaying, setPlaying] = useState(false);
  const [hasPlayed, setPlayed] = useState(false);
  const state = run.steps.value.speaker.state;
  const play = (): void => {
    setPlaying(true);
    run.playSound().then(
      () => {
        setPlaying(false);
        setPlayed(true);
      },
      () => setPlaying(false),
    );
  };
  return (
    <div class="field speaker-test">
      <span class="label-text">{t('step.speaker')}</span>
      <div class="actions">
        <button type="button" class="button" onClick={play} disabled={isPlaying}>
          {t('speaker.play')}
        </button>
      </div>
      {hasPlayed && state === 'pending' && (
        <fieldset class="speaker-question">
          <legend>{t('speaker.question')}</legend>
          <div class="actions">
            <button type="button" class="button" onClick={() => run.answerSpeaker(true)}>
              {t('speaker.yes')}
            </button>
            <button type="button" class="button" onClick={() => run.answerSpeaker(false)}>
              {t('speaker.no')}
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
