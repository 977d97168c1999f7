// "Answer this number here" / "Stop answering here": points a workspace number at this app's public
// URL with a signing secret the app generates and keeps (secret store), and enforces on webhooks once
// Sautikit has signed one with it (signing-keys.ts says why); keeps a record of the previous routing (read
// from the numbers list) and the routing form that worked, so it can be restored the same way; re-points
// every number answered here when the public URL changes. A failed API call changes nothing here.
import { randomBytes } from 'node:crypto';
import type { AnswerHereResult, NumberView } from '../api/contract';
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { SecretStore } from '../base/secret-store';
import type { NumberRouting, NumbersClient, RoutingForm } from './numbers';
import type { SigningKey } from './signing-keys';

export interface AnsweredNumber {
  readonly numberId: string;
  readonly number: string;
  readonly previous: { readonly voiceUrl: string | null; readonly eventsUrl: string | null };
  readonly voiceUrl: string;
  readonly eventsUrl: string;
  readonly sinceMs: number;
  /** The routing form that pointed it here (numbers.ts): restoring uses it first. */
  readonly form?: RoutingForm;
  /** When a webhook was first seen signed with this number's secret: from then on it is enforced. */
  readonly secretVerifiedAtMs?: number;
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
  /** A generated secret became enforced (the console's unsigned-webhook warning may change). */
  readonly signingChanged?: () => void;
}

interface KeptSecret {
  readonly numberId: string;
  readonly secret: string;
  readonly enforced: boolean;
}

const secretName = (numberId: string) => `number-signing-secret:${numberId}`;

export const voiceUrlFor = (publicUrl: string) => `${publicUrl}/voice`;
export const eventsUrlFor = (publicUrl: string) => `${publicUrl}/events`;

export class NumberRoutingService {
  /** Secrets accepted while a routing change is under way (Sautikit may sign with one before it answers). */
  private readonly pending = new Set<string>();
  /** Pending secrets a webhook was seen signed with before the change finished. */
  private readonly pendingVerified = new Set<string>();
  /**
   * The answered numbers' secrets, read once: every signed webhook asks for them, and only this service
   * writes the routing record and these secrets, so each of its writes forgets the copy.
   */
  private kept: readonly KeptSecret[] | undefined;

  constructor(private readonly deps: NumberRoutingDeps) {}

  /** Every key a webhook may be signed with now: a secret is enforced once a webhook verified with it. */
  signingKeys(): SigningKey[] {
    this.kept ??= this.answered().flatMap((a) => {
      const secret = this.deps.secrets.get(secretName(a.numberId));
      return secret ? [{ numberId: a.numberId, secret, enforced: a.secretVerifiedAtMs !== undefined }] : [];
    });
    return [
      ...[...this.pending].map((secret) => ({
        secret,
        enforced: false,
        verified: () => void this.pendingVerified.add(secret),
      })),
      ...this.kept.map((k) => ({
        secret: k.secret,
        enforced: k.enforced,
        verified: () => this.secretVerified(k.numberId),
      })),
    ];
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
    let verifiedWhilePending = false;
    const { routing, form } = await client
      .setRouting(numberId, { voiceUrl, eventsUrl, signingSecret: secret }, existing?.form)
      .finally(() => {
        this.pending.delete(secret);
        verifiedWhilePending = this.pendingVerified.delete(secret);
      });
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
          secretVerifiedAtMs: verifiedWhilePending ? this.deps.clock.epochMs() : undefined,
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
    this.kept = undefined;
    if (entry.secretVerifiedAtMs !== undefined) this.deps.signingChanged?.();
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
    this.kept = undefined;
  }

  /** Sautikit signed a webhook with this number's secret: enforce it from now on (kept across restarts). */
  private secretVerified(numberId: string): void {
    const entry = this.answered().find((a) => a.numberId === numberId);
    if (!entry || entry.secretVerifiedAtMs !== undefined) return;
    const atMs = this.deps.clock.epochMs();
    this.save((list) => list.map((a) => (a.numberId === numberId ? { ...a, secretVerifiedAtMs: atMs } : a)));
    this.deps.log.info(
      { numberId },
      'a webhook was signed with the number’s secret: it is enforced from now on',
    );
    this.deps.signingChanged?.();
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
