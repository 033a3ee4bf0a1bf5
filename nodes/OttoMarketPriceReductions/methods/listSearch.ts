// List searches of the lookups this node offers (shared: other nodes ask for the same things).
export { searchOrders } from '../../shared/lookups';
