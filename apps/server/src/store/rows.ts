// The tables' rows, as both engines read them (snake_case columns; ids and times as numbers,
// bigints or numeric strings, depending on the engine), and the Store's types made of them.
import type { AppKind, StoredApp, StoredMessage } from './types.js';

type Integer = number | bigint | string;

export interface AppRow {
  app_key: string;
  secret_salt: Uint8Array;
  secret_hash: Uint8Array;
  kind: AppKind;
  created_at: Integer;
  updated_at: Integer;
}

export interface MessageRow {
  msg_id: Integer;
  app_key: string;
  cid: string | null;
  request_id: string;
  payload: string;
  sent_at: Integer;
  withdrawn_at: Integer | null;
}

export const appOf = (row: AppRow): StoredApp => ({
  appKey: row.app_key,
  secretSalt: row.secret_salt,
  secretHash: row.secret_hash,
  kind: row.kind,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export const messageOf = (row: MessageRow): StoredMessage => ({
  msgId: row.msg_id.toString(),
  appKey: row.app_key,
  cid: row.cid,
  requestId: row.request_id,
  payload: row.payload,
  sentAt: Number(row.sent_at),
  withdrawnAt: row.withdrawn_at === null ? null : Number(row.withdrawn_at),
});
