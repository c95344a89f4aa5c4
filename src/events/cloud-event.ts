/**
 * An event as it leaves: CloudEvents 1.0 in its JSON format (https://cloudevents.io), `subject`
 * the commitment's id. The customer's phone and email are left out unless the subscription asks
 * for contacts (admins only).
 */
import type { EventData } from './catalogue';

export interface StoredEvent {
  id: string;
  commitment_id: string | null;
  type: string;
  time: Date;
  data: unknown;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: unknown;
}

export const EVENT_SOURCE = '/v1/commitments';

function withoutContacts(data: unknown): unknown {
  const d = data as Partial<EventData>;
  if (!d?.commitment?.customer) return data;
  const { phone: _phone, email: _email, ...customer } = d.commitment.customer;
  return { ...d, commitment: { ...d.commitment, customer } };
}

export function cloudEvent(e: StoredEvent, o: { includeContacts: boolean }): CloudEvent {
  return {
    specversion: '1.0',
    id: e.id,
    source: EVENT_SOURCE,
    type: e.type,
    ...(e.commitment_id ? { subject: e.commitment_id } : {}),
    time: new Date(e.time).toISOString(),
    datacontenttype: 'application/json',
    data: o.includeContacts ? e.data : withoutContacts(e.data),
  };
}
