/** The customer message catalogues, one per locale (src/shared/locale.ts), keyed like en-US.ts. */
import type { CustomerLocale } from '../../shared/locale';
import { enUS, type Catalogue } from './en-US';
import { esUS } from './es-US';

export type { Catalogue, MessageKey } from './en-US';

export const CATALOGUES: Record<CustomerLocale, Catalogue> = { 'en-US': enUS, 'es-US': esUS };
