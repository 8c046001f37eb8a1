// The CapacityModel's public surface: its model, figures and rules live in ./capacity/ by
// topic (demand, connections, queues, quotas, constraints, scaling, scenarios); readers
// (hovers, hints, charts, the checklist) import from here.
export * from './capacity';
