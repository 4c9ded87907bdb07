// Endpoints (core/v1 SetDefaults_Endpoints) and EndpointSlices (discovery/v1
// SetDefaults_EndpointPort): ports are TCP unless they say otherwise.
import { defaultNil, defaultZero, items, type Obj } from './fields.js';

export function defaultEndpoints(endpoints: Obj): void {
  for (const subset of items(endpoints, 'subsets')) {
    for (const port of items(subset, 'ports')) defaultZero(port, 'protocol', 'TCP');
  }
}

/** Slice ports have pointer fields: an unnamed port is named ''. */
export function defaultEndpointSlice(slice: Obj): void {
  for (const port of items(slice, 'ports')) {
    defaultNil(port, 'name', '');
    defaultNil(port, 'protocol', 'TCP');
  }
}
