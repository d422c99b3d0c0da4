import { render, screen } from '@testing-library/react';
import { Sparkline, sparklinePoints } from './Sparkline';

describe('sparklinePoints', () => {
  it('puts one point per bucket, the smallest value at the bottom and the largest at the top', () => {
    // 72 × 20 inset by 2: x from 2 to 70, y from 18 (min) to 2 (max).
    expect(sparklinePoints([1, 3, 2], 72, 20)).toBe('2,18 36,2 70,10');
  });

  it('skips buckets without a value, so the line joins their neighbours', () => {
    expect(sparklinePoints([0, null, 10, 5], 32, 12)).toBe('2,10 20.67,2 30,6');
  });

  it('draws a flat series at mid-height', () => {
    expect(sparklinePoints([4, 4, 4], 72, 20)).toBe('2,10 36,10 70,10');
  });

  it('draws nothing with fewer than two values', () => {
    expect(sparklinePoints([], 72, 20)).toBeUndefined();
    expect(sparklinePoints([7], 72, 20)).toBeUndefined();
    expect(sparklinePoints([null, 7, null], 72, 20)).toBeUndefined();
  });
});

describe('Sparkline', () => {
  it('renders the points as one SVG polyline inside an image named by its label', () => {
    render(
      <Sparkline values={[1, 3, 2]} label="refund-helper requests trend" />,
    );
    const image = screen.getByRole('img', {
      name: 'refund-helper requests trend',
    });
    const polylines = image.querySelectorAll('svg polyline');
    expect(polylines).toHaveLength(1);
    expect(polylines[0]).toHaveAttribute('points', '2,18 36,2 70,10');
    expect(image.querySelector('svg')).toHaveAttribute('width', '72');
  });

  it('keeps the labelled, sized box without a line for a single value', () => {
    render(<Sparkline values={[5]} label="p95 latency trend" />);
    const image = screen.getByRole('img', { name: 'p95 latency trend' });
    expect(image.querySelector('svg')).toBeNull();
    expect(image).toHaveStyle({ width: '72px', height: '20px' });
  });
});
