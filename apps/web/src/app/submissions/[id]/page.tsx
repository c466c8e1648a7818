import { SubmissionView } from "./submission-view.tsx";

export default async function SubmissionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <SubmissionView id={id} />;
}
