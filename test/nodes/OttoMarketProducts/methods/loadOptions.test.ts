import { requestsTo, useSimulator } from '../../../helpers/simulator';
import { loadOptions } from '../catalog';

describe('OTTO Market Products: brand and category dropdowns (methods/loadOptions)', () => {
	const world = useSimulator();

	it('the brand dropdown reads every page of { brands, links } and leaves out brands that are not usable', async () => {
		world.sim.config.productBrandCount = 1500;
		const options = await loadOptions(world, 'getBrands');
		// 1500 brands, every 10th not usable (simulator), so 150 left out.
		expect(options).toHaveLength(1350);
		expect(options.find((o) => o.value === 'b-0001')).toEqual({ name: 'Barista Pro', value: 'b-0001' });
		expect(options.find((o) => o.value === 'b-0010')).toBeUndefined();
		expect(options.find((o) => o.value === 'b-1499')).toBeDefined();
		expect(requestsTo(world.sim, '/v5/products/brands')).toHaveLength(2);
	});

	it('the category dropdown lists every category of every group', async () => {
		const options = await loadOptions(world, 'getCategories');
		expect(options.map((o) => o.value)).toContain('Jeans');
		expect(options).toHaveLength(new Set(options.map((o) => o.value)).size);
		expect(requestsTo(world.sim, '/v5/products/categories')[0].query.page).toBe('0');
	});
});
