"""Short texts written for the suite (issue 13) to check what the human-interest index responds to.

Leads of news stories, episodic (particular people and incidents) and thematic
(trends, policy, statistics), and paragraphs of commentary, personal anecdote
and argument, of similar lengths. Written by the suite's developer in the style
of wire leads and op-ed paragraphs; the people and places are invented. They are
development data: the rules of 2026-11 were checked against them, so they show
what the index is meant to do, not how well it does it on unseen text.
"""

EPISODIC_LEADS = (
    "Maria Lopez, 42, a nurse from Dayton, Ohio, lost her home when floodwaters swept through "
    "her street early Tuesday, leaving her and her three children in a shelter.",
    "A 19-year-old college student was shot and killed outside a convenience store in south "
    "Chicago late Saturday, police said.",
    "The mother of three who vanished from a Tulsa parking lot last week was found alive "
    "Thursday in a motel outside Wichita, authorities said.",
    "When the layoff notice arrived, Jim Harper, a 58-year-old machinist in Youngstown, had "
    "worked at the plant for 31 years.",
    "A Marine veteran from Tennessee who lost both legs in Afghanistan finished the Boston "
    "Marathon on Monday, crossing the line with his daughter at his side.",
    "Two children drowned Sunday after their inflatable raft drifted into a fast current on "
    "the Russian River, a sheriff's spokesman said.",
    "Rosa Jimenez crossed the border with her 6-year-old son in her arms and $40 in her pocket.",
    "A Brooklyn grandmother who was evicted from the apartment she had rented for 40 years is "
    "now sleeping on her niece's couch.",
    "A firefighter was critically injured Wednesday when a roof collapsed during a blaze at a "
    "vacant warehouse in Camden.",
    "Ahmed Hassan, a shopkeeper in Aleppo, says he has rebuilt his store three times since the "
    "war began.",
    "An elderly couple in rural Iowa died of carbon monoxide poisoning after a storm knocked "
    "out power to their farmhouse, relatives said.",
    "Linda Chen spent her 70th birthday in a hospital bed, waiting for a kidney that never came.",
    "A 34-year-old father of two was killed early Sunday when a drunk driver crossed the "
    "center line on Route 9.",
    "The family of a man shot by police in Minneapolis last month said Tuesday they plan to "
    "sue the city.",
)

THEMATIC_LEADS = (
    "The unemployment rate fell to 4.1 percent in March as employers added 228,000 jobs, the "
    "Labor Department said Friday.",
    "Congress is set to vote this week on a spending bill that would fund the government "
    "through September and raise the debt ceiling.",
    "Gun deaths in the United States rose for the third straight year in 2017, according to "
    "new figures from the Centers for Disease Control and Prevention.",
    "The Federal Reserve held interest rates steady on Wednesday but signaled that it could "
    "raise them twice more before the end of the year.",
    "Homelessness in major American cities has increased by 12 percent since 2015, driven by "
    "rising rents and a shortage of affordable housing, a new report found.",
    "The Supreme Court agreed Monday to hear a challenge to a Texas law that restricts "
    "abortion clinics, setting up the biggest abortion case in decades.",
    "European leaders meeting in Brussels failed on Thursday to agree on a plan to share the "
    "burden of refugees arriving across the Mediterranean.",
    "Health insurance premiums on the federal marketplace will rise by an average of 25 "
    "percent next year, the administration said Monday.",
    "President Trump said Tuesday that he would impose tariffs of 25 percent on imported "
    "steel, drawing sharp criticism from trading partners.",
    "The number of opioid overdose deaths climbed to 64,000 last year, federal health "
    "officials said, as the epidemic spread to new regions.",
    "Senate Republicans unveiled a tax plan on Thursday that would cut the corporate rate to "
    "20 percent and double the standard deduction for families.",
    "Violent crime in large cities declined slightly in the first half of the year, according "
    "to a survey of police chiefs released Monday.",
    "State lawmakers passed a bill Wednesday requiring schools to test drinking water for "
    "lead, a response to contamination found in dozens of districts.",
    "Climate change will cost the U.S. economy hundreds of billions of dollars a year by the "
    "end of the century and displace millions of people, a federal report warned Friday.",
)

ANECDOTE_PARAGRAPHS = (
    "Last winter I drove my father to his dialysis appointments three times a week. On the "
    "way he would tell me about the mill where he worked for forty years, and about the "
    "friends he had buried since it closed.",
    "My grandmother arrived at Ellis Island in 1921 with a cardboard suitcase and no English. "
    "She cleaned offices at night for thirty years so that my mother could finish school.",
    "A few years ago, a young woman named Keisha came into the clinic where I volunteered. "
    "She was seven months pregnant, had no insurance, and had been turned away from two "
    "hospitals.",
    "I met Tom at a diner outside Flint. He is 61, a retired autoworker, and he told me he had "
    "not trusted the water from his kitchen tap in four years.",
    "When my son was diagnosed with autism at age three, our pediatrician handed us a "
    "pamphlet and wished us luck. We spent the next year on waiting lists.",
    "In 2009 I lost my job at a newspaper in Cleveland. For months I sent out applications "
    "and heard nothing back, and I remember sitting in my car in a grocery store parking "
    "lot, doing the math on what we could afford.",
    "Consider Daniel, a bus driver in Phoenix who works a second job stocking shelves at "
    "night. Last month his rent went up by $300, and he has started skipping meals so his "
    "kids can eat.",
    "The day the hurricane hit, my neighbor refused to leave her house. We found her two days "
    "later on her roof, dehydrated and clutching a photograph of her late husband.",
)

ARGUMENT_PARAGRAPHS = (
    "The case for a carbon tax is straightforward. Pricing emissions lets markets find the "
    "cheapest ways to cut them, and the revenue can be returned to households as a dividend.",
    "Critics will say that raising the minimum wage costs jobs. But the evidence from states "
    "that have done so is mixed at best, and the benefits to low-wage workers are substantial.",
    "Why should taxpayers foot the bill for a stadium that will enrich a billionaire owner? "
    "Ask yourself whether any public investment with such a poor return would survive "
    "scrutiny.",
    "Congress must act. Every year of delay makes the problem more expensive to fix, and the "
    "costs will fall on future generations who had no say in the matter.",
    "I believe the senator is wrong about trade. Tariffs are a tax on consumers, and history "
    "shows that protectionism invites retaliation and slows growth.",
    "The deeper problem is institutional. Our regulatory agencies lack the resources and the "
    "independence to enforce the rules already on the books, and no new law will change that.",
    "It is tempting to blame the pandemic for the rise in inflation, but monetary policy "
    "played a larger role. The Fed kept rates too low for too long, and we are paying for it.",
    "This outrageous policy will hurt working families and devastate rural communities that "
    "depend on farm exports. It is a tragic mistake that the people will not forget.",
)
