import type { ColumnType } from 'kysely';

/** Column types shared by the table interfaces of schema*.ts. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type Json<T = unknown> = ColumnType<T, T | string, T | string>;
