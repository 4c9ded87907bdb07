// LimitRanges: SetDefaults_LimitRangeItem fills a Container item's default limit from its max,
// and its default request from the default limit, then from its min.
import { child, defaultNil, items, optional, type Obj } from './fields.js';
import { defaultResourceList } from './resource-list.js';

const RESOURCE_LISTS = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

function fillFrom(target: Obj, source: Obj | undefined): void {
  for (const [name, value] of Object.entries(source ?? {})) defaultNil(target, name, value);
}

function defaultLimitRangeItem(item: Obj): void {
  RESOURCE_LISTS.forEach((key) => defaultResourceList(item, key));
  if (item.type !== 'Container') return;
  const defaultLimit = child(item, 'default');
  const defaultRequest = child(item, 'defaultRequest');
  fillFrom(defaultLimit, optional(item, 'max'));
  fillFrom(defaultRequest, defaultLimit);
  fillFrom(defaultRequest, optional(item, 'min'));
}

export function defaultLimitRange(limitRange: Obj): void {
  items(optional(limitRange, 'spec'), 'limits').forEach(defaultLimitRangeItem);
}
