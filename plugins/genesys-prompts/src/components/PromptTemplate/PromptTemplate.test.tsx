import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PromptTemplate } from './PromptTemplate';

describe('PromptTemplate', () => {
  it('shows the whole template with each placeholder in a labelled mark', async () => {
    await renderInTestApp(
      <PromptTemplate
        template="Context: {{context}}. User: {{ user_input }}"
        declaredVariables={['context', 'user_input']}
      />,
    );
    const block = screen.getByLabelText('Prompt template');
    expect(block.tagName).toBe('PRE');
    expect(block).toHaveTextContent(
      'Context: {{context}}. User: {{ user_input }}',
    );
    const context = screen.getByLabelText('variable context');
    expect(context.tagName).toBe('MARK');
    expect(context).toHaveTextContent('{{context}}');
    expect(screen.getByLabelText('variable user_input')).toHaveTextContent(
      '{{ user_input }}',
    );
    expect(block.querySelectorAll('mark')).toHaveLength(2);
  });

  it('marks placeholders that are not declared', async () => {
    await renderInTestApp(
      <PromptTemplate template="{{a}} {{b}}" declaredVariables={['a']} />,
    );
    expect(screen.getByLabelText('variable a')).toBeInTheDocument();
    expect(screen.getByLabelText('undeclared variable b')).toHaveAttribute(
      'title',
      'Not declared in the variables list',
    );
  });
});
