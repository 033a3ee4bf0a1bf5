// The order picker's list search lives with the other lookups: every node that asks for an order uses it.
export { searchOrders } from '../../shared/lookups';
