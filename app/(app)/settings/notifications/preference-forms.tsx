"use client";

// The preferences form of Settings → Notifications: one form that saves the whole set
// on every change (the grid in preference-grid.tsx, then schedule, quiet hours, upload
// default, cap and time zone). One saving model, no Save button: a choice saves when
// made, typing when the field is left or on Enter, and "Saved" shows beside the group
// that changed, not at the foot of the page.
import { type ChangeEvent, type FormEvent, type KeyboardEvent, startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { ActionError } from "@/app/action-error";
import { notifyOnLabels } from "@/lib/batches/email-contract-text";
import { type DigestSchedule, type NotificationPreferences, uploadNotifyOnSchema } from "@/lib/notifications/preferences/notification-preferences";
import { savePreferencesAction } from "./preference-actions";
import { PreferenceGrid } from "./preference-grid";
import styles from "./preferences.module.css";
import { useBrowserTimeZone } from "./use-browser-time-zone";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const TEXT_FIELDS = new Set(["timeZone", "dailyCap", "quietStart", "quietEnd"]);

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className={styles.fieldError}>
      {message}
    </p>
  ) : null;
}

type FormProps = { preferences: NotificationPreferences; stored: boolean; timeZones: string[] };

export function PreferencesForm({ preferences, stored, timeZones }: FormProps) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [state, save, pending] = useActionState(savePreferencesAction, null);
  const [submitRequests, setSubmitRequests] = useState(0);
  // The group (data-save-group) whose change is being saved: its status says so.
  const [savingGroup, setSavingGroup] = useState<string | null>(null);
  const edited = useRef(new Set<string>());
  const schedule = preferences.categories.digest.schedule;
  const [frequency, setFrequency] = useState<DigestSchedule["frequency"]>(schedule.frequency);
  const [quietOn, setQuietOn] = useState(preferences.quietHours !== null);
  const [timeZone, setTimeZone] = useState(preferences.timeZone);
  const adoptedZone = useBrowserTimeZone(stored, setTimeZone);
  // A zone stored meanwhile (by the first page of the visit, or another tab) arrives
  // as a new prop; the field must show it, or the next save would write the old one back.
  useEffect(() => setTimeZone(preferences.timeZone), [preferences.timeZone]);
  const fields = state && !state.ok ? (state.error.fields ?? {}) : {};

  // Submit after React has rendered the change (a new schedule shows its hour field first).
  useEffect(() => {
    if (submitRequests > 0) formRef.current?.requestSubmit();
  }, [submitRequests]);
  const requestSave = (target: Element) => {
    setSavingGroup(target.closest("[data-save-group]")?.getAttribute("data-save-group") ?? null);
    setSubmitRequests((count) => count + 1);
  };

  function onChange(event: ChangeEvent<HTMLFormElement>) {
    const target = event.target as unknown as HTMLInputElement | HTMLSelectElement;
    // Typing saves when the field is left (or on Enter), not on every key.
    if (TEXT_FIELDS.has(target.name)) edited.current.add(target.name);
    else requestSave(target);
  }

  function onBlur(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    if (edited.current.delete(target.name)) requestSave(target);
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement;
    if (event.key !== "Enter" || !TEXT_FIELDS.has(target.name)) return;
    // Enter saves a typed field; without a submit button the browser would not submit.
    event.preventDefault();
    edited.current.delete(target.name);
    requestSave(target);
  }

  /** Beside each group: "Saving…", "Saved" or what went wrong, for the group that changed last. */
  const saveStatus = (group: string) => {
    const mine = (savingGroup ?? "form") === group;
    return (
      <>
        <p role="status" className={styles.saved} data-testid={`save-status-${group}`}>
          {mine ? (pending ? "Saving…" : state?.ok ? state.message : "") : ""}
        </p>
        {mine ? <ActionError state={state} /> : null}
      </>
    );
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Not a native form action: React would reset the fields to their last saved values.
    event.preventDefault();
    edited.current.clear();
    const data = new FormData(event.currentTarget);
    startTransition(() => save(data));
  }

  const describedBy = (name: string, hint?: string) => [hint, fields[name] ? `${id}-${name}-error` : undefined].filter(Boolean).join(" ") || undefined;
  const invalid = (name: string) => (fields[name] ? true : undefined);

  return (
    <form ref={formRef} action={save} onSubmit={onSubmit} onChange={onChange} onBlur={onBlur} onKeyDown={onKeyDown} className={styles.form} aria-describedby={`${id}-how`}>
      <p id={`${id}-how`} className="muted">
        Each change is saved as you make it (typed values when you leave the field) and applies from the very next notification.
      </p>
      {adoptedZone ? (
        <p role="status" className={`alert ${styles.notice}`}>
          Time zone set to {adoptedZone} from your browser — change it below.
        </p>
      ) : null}

      <div data-save-group="channels" className={styles.saveGroup}>
        {saveStatus("channels")}
        <PreferenceGrid id={id} preferences={preferences} />
      </div>

      <fieldset className={`${styles.group} ${styles.saveGroup}`} data-save-group="schedule">
        <legend>Digest schedule</legend>
        {saveStatus("schedule")}
        <p id={`${id}-schedule-hint`} className={styles.hint}>
          On your clock ({timeZone}). The digest only comes when it has something to carry.
        </p>
        <div className={styles.row}>
          <div>
            <label className="label" htmlFor={`${id}-frequency`}>
              How often
            </label>
            <select
              id={`${id}-frequency`}
              name="digestFrequency"
              className="input"
              value={frequency}
              onChange={(event) => setFrequency(event.target.value as DigestSchedule["frequency"])}
              aria-describedby={describedBy("digestFrequency", `${id}-schedule-hint`)}
            >
              <option value="hourly">Every hour</option>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          </div>
          {frequency === "weekly" ? (
            <div>
              <label className="label" htmlFor={`${id}-weekday`}>
                On
              </label>
              <select
                id={`${id}-weekday`}
                name="digestWeekday"
                className="input"
                defaultValue={schedule.frequency === "weekly" ? schedule.weekday : 1}
                aria-invalid={invalid("digestWeekday")}
                aria-describedby={describedBy("digestWeekday")}
              >
                {WEEKDAYS.map((day, index) => (
                  <option key={day} value={index}>
                    {day}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {frequency !== "hourly" ? (
            <div>
              <label className="label" htmlFor={`${id}-hour`}>
                At
              </label>
              <select
                id={`${id}-hour`}
                name="digestHour"
                className="input"
                defaultValue={schedule.frequency === "hourly" ? 8 : schedule.hour}
                aria-invalid={invalid("digestHour")}
                aria-describedby={describedBy("digestHour")}
              >
                {HOURS.map((hour) => (
                  <option key={hour} value={hour}>
                    {hourLabel(hour)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <FieldError id={`${id}-digestWeekday-error`} message={fields.digestWeekday} />
        <FieldError id={`${id}-digestHour-error`} message={fields.digestHour} />
      </fieldset>

      <fieldset className={`${styles.group} ${styles.saveGroup}`} data-save-group="quiet">
        <legend>Quiet hours</legend>
        {saveStatus("quiet")}
        <p id={`${id}-quiet-hint`} className={styles.hint}>
          Notifications that come in quiet hours wait until they end; none are lost.
        </p>
        <div className={styles.choices}>
          <label className={styles.choice}>
            <input type="radio" name="quietHours" value="off" checked={!quietOn} onChange={() => setQuietOn(false)} /> Off
          </label>
          <label className={styles.choice}>
            <input type="radio" name="quietHours" value="on" checked={quietOn} onChange={() => setQuietOn(true)} /> From … to …
          </label>
        </div>
        {quietOn ? (
          <div className={styles.row}>
            <div>
              <label className="label" htmlFor={`${id}-quiet-start`}>
                From
              </label>
              <input
                id={`${id}-quiet-start`}
                name="quietStart"
                type="time"
                className="input"
                required
                defaultValue={preferences.quietHours?.start ?? "22:00"}
                aria-invalid={invalid("quietStart")}
                aria-describedby={describedBy("quietStart", `${id}-quiet-hint`)}
              />
            </div>
            <div>
              <label className="label" htmlFor={`${id}-quiet-end`}>
                To
              </label>
              <input
                id={`${id}-quiet-end`}
                name="quietEnd"
                type="time"
                className="input"
                required
                defaultValue={preferences.quietHours?.end ?? "07:00"}
                aria-invalid={invalid("quietEnd")}
                aria-describedby={describedBy("quietEnd", `${id}-quiet-hint`)}
              />
            </div>
          </div>
        ) : null}
        <FieldError id={`${id}-quietStart-error`} message={fields.quietStart} />
        <FieldError id={`${id}-quietEnd-error`} message={fields.quietEnd} />
      </fieldset>

      <fieldset className={`${styles.group} ${styles.saveGroup}`} data-save-group="uploads">
        <legend>New uploads</legend>
        {saveStatus("uploads")}
        <div>
          <label className="label" htmlFor={`${id}-upload-notify`}>
            When a batch finishes, email me
          </label>
          <select
            id={`${id}-upload-notify`}
            name="uploadNotifyOn"
            className="input"
            defaultValue={preferences.uploadDefaults.notifyOn}
            aria-invalid={invalid("uploadNotifyOn")}
            aria-describedby={describedBy("uploadNotifyOn", `${id}-upload-notify-hint`)}
          >
            {uploadNotifyOnSchema.options.map((notifyOn) => (
              <option key={notifyOn} value={notifyOn}>
                {notifyOnLabels[notifyOn]}
              </option>
            ))}
          </select>
          <p id={`${id}-upload-notify-hint`} className={styles.hint}>
            The default for each upload; the upload form and the API can choose otherwise for one batch.
          </p>
          <FieldError id={`${id}-uploadNotifyOn-error`} message={fields.uploadNotifyOn} />
        </div>
      </fieldset>

      <fieldset className={`${styles.group} ${styles.saveGroup}`} data-save-group="limits">
        <legend>Limits and time zone</legend>
        {saveStatus("limits")}
        <div className={styles.row}>
          <div>
            <label className="label" htmlFor={`${id}-cap`}>
              Daily cap
            </label>
            <input
              id={`${id}-cap`}
              name="dailyCap"
              type="number"
              inputMode="numeric"
              className={`input ${styles.cap}`}
              min={1}
              max={1000}
              step={1}
              required
              defaultValue={preferences.dailyCap}
              aria-invalid={invalid("dailyCap")}
              aria-describedby={describedBy("dailyCap", `${id}-cap-hint`)}
            />
            <p id={`${id}-cap-hint`} className={styles.hint}>
              1 to 1000 notifications a day; the rest go into the digest.
            </p>
            <FieldError id={`${id}-dailyCap-error`} message={fields.dailyCap} />
          </div>
          <div className={styles.zone}>
            <label className="label" htmlFor={`${id}-zone`}>
              Time zone
            </label>
            <input
              id={`${id}-zone`}
              name="timeZone"
              className="input"
              list={`${id}-zones`}
              autoComplete="off"
              spellCheck={false}
              required
              value={timeZone}
              onChange={(event) => setTimeZone(event.target.value)}
              aria-invalid={invalid("timeZone")}
              aria-describedby={describedBy("timeZone", `${id}-zone-hint`)}
            />
            <datalist id={`${id}-zones`}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <p id={`${id}-zone-hint`} className={styles.hint}>
              Type to search, e.g. Berlin or America/New_York. Quiet hours, the digest and the cap follow this clock.
            </p>
            <FieldError id={`${id}-timeZone-error`} message={fields.timeZone} />
          </div>
        </div>
      </fieldset>

      {/* A save no group claims (the time zone adopted from the browser) reports here. */}
      {saveStatus("form")}
    </form>
  );
}
