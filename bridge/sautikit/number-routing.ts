// "Answer this number here" / "Stop answering here": points a workspace number at this app's public
// URL with a signing secret the app generates, keeps (secret store) and then enforces on webhooks;
// keeps a record of the previous routing (read from the numbers list) and the routing form that worked,
// so it can be restored the same way; re-points every number answered here when the public URL changes.
// A failed API call changes nothing here: no record, no enforced secret.
import { randomBytes } from 'node:crypto';
import type { AnswerHereResult, NumberView } from '../api/contract';
import type { Clock } from '../clock';
import { SautiError } from '../errors';
import type { Log } from '../log';
import type { SecretStore } from '../team/secret-store';
import type { NumberRouting, NumbersClient, RoutingForm } from './numbers';

export interface AnsweredNumber {
  readonly numberId: string;
  readonly number: string;
  readonly previous: { readonly voiceUrl: string | null; readonly eventsUrl: string | null };
  readonly voiceUrl: string;
  readonly eventsUrl: string;
  readonly sinceMs: number;
  /** The routing form that pointed it here (numbers.ts): restoring uses it first. */
  readonly form?: RoutingForm;
}

export interface RoutingRecordFile {
  read(): { answered: AnsweredNumber[] };
  write(value: { answered: AnsweredNumber[] }): void;
}

export interface NumberRoutingDeps {
  readonly client: () => NumbersClient;
  readonly secrets: SecretStore;
  readonly record: RoutingRecordFile;
  readonly clock: Clock;
  readonly log: Log;
  /** This app's public base URL now (follows the tunnel). */
  readonly publicUrl: () => string;
}

const secretName = (numberId: string) => `number-signing-secret:${numberId}`;

export const voiceUrlFor = (publicUrl: string) => `${publicUrl}/voice`;
export const eventsUrlFor = (publicUrl: string) => `${publicUrl}/events`;

export class NumberRoutingService {
  /** Secrets accepted while a PATCH is under way (Sautikit may sign with it before the answer arrives). */
  private readonly pending = new Set<string>();
  /**
   * The answered numbers' secrets, read once: every signed webhook asks for them, and only this service
   * writes the routing record and these secrets, so each of its writes forgets the copy.
   */
  private enforced: readonly string[] | undefined;

  constructor(private readonly deps: NumberRoutingDeps) {}

  /** Every secret a webhook may be signed with now. */
  signingSecrets(): string[] {
    this.enforced ??= this.answered().flatMap((a) => this.deps.secrets.get(secretName(a.numberId)) ?? []);
    return [...this.pending, ...this.enforced];
  }

  answered(): readonly AnsweredNumber[] {
    return this.deps.record.read().answered;
  }

  async list(): Promise<NumberView[]> {
    const numbers = await this.deps.client().list();
    const answered = new Map(this.answered().map((a) => [a.numberId, a]));
    return numbers.map((n) => this.view(n.id, n.number, n.status, n.routing, answered.get(n.id)));
  }

  async answerHere(numberId: string, confirm: boolean): Promise<AnswerHereResult> {
    const client = this.deps.client();
    const numbers = await client.list();
    const found = numbers.find((n) => n.id === numberId);
    if (!found)
      throw new SautiError(
        'NUMBERS_NOT_FOUND',
        'That number is not in this Sautikit workspace any more. Refresh the list.',
      );
    const current: NumberRouting = found.routing ?? {};
    const base = this.deps.publicUrl();
    const voiceUrl = voiceUrlFor(base);
    const eventsUrl = eventsUrlFor(base);
    const existing = this.answered().find((a) => a.numberId === numberId);
    if (!confirm && current.voiceUrl && current.voiceUrl !== voiceUrl && !existing) {
      return {
        status: 'confirm',
        currentVoiceUrl: current.voiceUrl,
        number: this.view(found.id, found.number, found.status, current, undefined),
      };
    }
    const secret =
      this.deps.secrets.get(secretName(numberId)) ?? `whsec_${randomBytes(32).toString('base64url')}`;
    this.pending.add(secret);
    const { routing, form } = await client
      .setRouting(numberId, { voiceUrl, eventsUrl, signingSecret: secret }, existing?.form)
      .finally(() => this.pending.delete(secret));
    this.deps.secrets.set(secretName(numberId), secret);
    const entry: AnsweredNumber = existing
      ? { ...existing, voiceUrl, eventsUrl, form }
      : {
          numberId,
          number: found.number,
          previous: { voiceUrl: current.voiceUrl ?? null, eventsUrl: current.eventsUrl ?? null },
          voiceUrl,
          eventsUrl,
          sinceMs: this.deps.clock.epochMs(),
          form,
        };
    this.save((list) => [...list.filter((a) => a.numberId !== numberId), entry]);
    this.deps.log.info({ numberId, voiceUrl }, 'number now answered here');
    const merged = {
      ...routing,
      voiceUrl: routing.voiceUrl ?? voiceUrl,
      eventsUrl: routing.eventsUrl ?? eventsUrl,
    };
    return { status: 'answering', number: this.view(found.id, found.number, found.status, merged, entry) };
  }

  async stopAnswering(numberId: string): Promise<NumberView> {
    const entry = this.answered().find((a) => a.numberId === numberId);
    if (!entry)
      throw new SautiError(
        'NUMBERS_NOT_ANSWERED_HERE',
        'This app is not answering that number, so there is nothing to restore.',
      );
    const { routing } = await this.deps
      .client()
      .setRouting(
        numberId,
        { voiceUrl: entry.previous.voiceUrl, eventsUrl: entry.previous.eventsUrl },
        entry.form,
      );
    this.save((list) => list.filter((a) => a.numberId !== numberId));
    this.deps.secrets.delete(secretName(numberId));
    this.enforced = undefined;
    this.deps.log.info({ numberId }, 'number routing restored');
    return this.view(
      numberId,
      entry.number,
      'active',
      { ...routing, voiceUrl: routing.voiceUrl ?? entry.previous.voiceUrl ?? undefined },
      undefined,
    );
  }

  /** The public URL changed: point every number answered here at the new one (same secret). */
  async followPublicUrl(): Promise<{ repointed: string[]; failed: { numberId: string; message: string }[] }> {
    const base = this.deps.publicUrl();
    const voiceUrl = voiceUrlFor(base);
    const eventsUrl = eventsUrlFor(base);
    const repointed: string[] = [];
    const failed: { numberId: string; message: string }[] = [];
    for (const a of this.answered()) {
      if (a.voiceUrl === voiceUrl && a.eventsUrl === eventsUrl) continue;
      const secret = this.deps.secrets.get(secretName(a.numberId));
      try {
        const { form } = await this.deps
          .client()
          .setRouting(a.numberId, { voiceUrl, eventsUrl, signingSecret: secret }, a.form);
        this.save((list) =>
          list.map((x) => (x.numberId === a.numberId ? { ...x, voiceUrl, eventsUrl, form } : x)),
        );
        repointed.push(a.numberId);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.deps.log.error(
          { numberId: a.numberId, code: (err as SautiError).code },
          'could not re-point the number at the new public URL',
        );
        failed.push({ numberId: a.numberId, message });
      }
    }
    return { repointed, failed };
  }

  private save(change: (list: AnsweredNumber[]) => AnsweredNumber[]): void {
    this.deps.record.write({ answered: change([...this.answered()]) });
    this.enforced = undefined;
  }

  private view(
    id: string,
    number: string,
    status: string,
    routing: NumberRouting | undefined,
    entry: AnsweredNumber | undefined,
  ): NumberView {
    const here = voiceUrlFor(this.deps.publicUrl());
    return {
      id,
      number,
      status,
      voiceUrl: routing?.voiceUrl,
      eventsUrl: routing?.eventsUrl,
      routesHere: routing?.voiceUrl === here,
      answeredHere: entry !== undefined,
      answeredSinceMs: entry?.sinceMs,
    };
  }
}
