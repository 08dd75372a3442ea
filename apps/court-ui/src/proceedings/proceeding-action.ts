import { useMutation, useQueryClient } from '@tanstack/react-query';

export interface ActionProps {
  id: string;
  onDone: (message: string) => void;
}

/** After any step the file, the worklists and the other desk's views are read again. */
export function useProceedingAction<Body>(call: (body: Body) => Promise<unknown>, onDone: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: async () => {
      onDone();
      await queryClient.invalidateQueries();
    },
  });
}
