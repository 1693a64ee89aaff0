export * from './binary';
export * from './curves';
export * from './rank';
export * from './regression';
export * from './report';
